// Graded tests for lab 05 (a Process class over fork/waitpid). Points are declared beside
// each test. No test has more than 65 processes alive at once, and every test checks the
// process table (/proc) itself, so a zombie or a stray child cannot go unnoticed.
#include <grp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "course/not_implemented.hpp"
#include "grading/graded_test.hpp"
#include "process.hpp"
#include "process_tools.hpp"

using namespace std::chrono_literals;
using lab05::Process;
using lab05_test::children;
using lab05_test::describe;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// A child that returns from start() instead of ending with _exit would run the rest of
// the test a second time (and start processes of its own). This helper stops such a
// child right there, with an exit code the messages below recognise.
constexpr int kReturnedIntoCaller = 86;

void start(Process& process) {
    const pid_t test = ::getpid();
    process.start();
    if (::getpid() != test) {
        std::fflush(nullptr);
        ::_exit(kReturnedIntoCaller);
    }
}

// An exit code as a student reads it, with the likely reason when it is a known mistake.
std::string explain(const std::optional<int>& code) {
    if (!code) return "no exit code (std::nullopt)";
    std::string text = "exit code " + std::to_string(*code);
    if (*code == kReturnedIntoCaller)
        text += " (the child returned from start() into the caller's code instead of ending with _exit)";
    return text;
}

void sleep_seconds(int seconds) { std::this_thread::sleep_for(std::chrono::seconds(seconds)); }

}  // namespace

static_assert(!std::is_copy_constructible_v<Process> && !std::is_copy_assignable_v<Process>,
              "a Process owns its child: it must not be copyable");
static_assert(std::is_nothrow_move_constructible_v<Process> && std::is_nothrow_move_assignable_v<Process>,
              "a Process must be movable without throwing");

// ---- Task 1: start, join, exitcode ------------------------------------------------

GRADED_TEST(Start, RunsTheTargetInAChildProcess, 1, 2) {
    struct Report {
        std::atomic<pid_t> pid{0}, parent{0};
        std::atomic<bool> done{false};
    };
    auto* report = lab05_test::shared_object<Report>();
    int variable = 1;
    Process process([&] {
        std::this_thread::sleep_for(100ms);  // join() must really wait for this
        variable = 2;                        // the child's own copy of `variable`
        report->pid = ::getpid();
        report->parent = ::getppid();
        report->done = true;
    });
    start(process);
    EXPECT_NE(process.pid(), 0) << "pid() must give the child's process id after start()";
    process.join();
    ASSERT_TRUE(report->done) << "join() returned before the target had finished (or the target never ran)";
    EXPECT_NE(report->pid.load(), ::getpid()) << "the target ran in the calling process, not in a child";
    EXPECT_EQ(report->pid.load(), process.pid()) << "pid() is not the process id of the child that ran the target";
    EXPECT_EQ(report->parent.load(), ::getpid()) << "the target's process is not a child of the caller";
    EXPECT_EQ(variable, 1) << "the target changed the parent's variable: it must run in a separate process "
                              "(which changes only its own copy)";
    EXPECT_EQ(process.exitcode(), std::optional<int>(0))
        << "a target that returns normally gives exit code 0, not " << explain(process.exitcode());
    EXPECT_FALSE(process.is_alive()) << "is_alive() after join()";
}

GRADED_TEST(Start, ReportsTheExitCode, 1, 2) {
    Process plain([] {});
    EXPECT_EQ(plain.exitcode(), std::nullopt) << "exitcode() before start() must be empty";
    EXPECT_FALSE(plain.is_alive()) << "is_alive() before start() must be false";
    EXPECT_EQ(plain.pid(), 0) << "pid() before start() must be 0";

    for (int code : {3, 255}) {
        Process process([code] { ::_exit(code); });
        start(process);
        process.join();
        EXPECT_EQ(process.exitcode(), std::optional<int>(code))
            << "the child ended with _exit(" << code << "), but the Process reports " << explain(process.exitcode());
    }

    // exitcode() and is_alive() find out by themselves that the child has ended (as
    // Python's do), without a join().
    Process ends([] { ::_exit(7); });
    start(ends);
    const auto start_time = Clock::now();
    while (ends.is_alive() && seconds_since(start_time) < 5) std::this_thread::sleep_for(2ms);
    EXPECT_FALSE(ends.is_alive()) << "is_alive() still true 5 s after the child called _exit(7)";
    EXPECT_EQ(ends.exitcode(), std::optional<int>(7))
        << "exitcode() without join(), once the child has ended: expected 7, got " << explain(ends.exitcode());
}

GRADED_TEST(Start, StartsOnceAndJoinsOnlyAStartedProcess, 1, 1) {
    Process process([] {});
    EXPECT_THROW(process.join(), std::logic_error) << "join() before start() must throw std::logic_error";
    EXPECT_THROW(process.join(100ms), std::logic_error) << "join(timeout) before start() must throw std::logic_error";
    EXPECT_THROW(process.terminate(), std::logic_error) << "terminate() before start() must throw std::logic_error";
    EXPECT_THROW(process.kill(), std::logic_error) << "kill() before start() must throw std::logic_error";
    start(process);
    EXPECT_THROW(start(process), std::logic_error) << "a second start() must throw std::logic_error";
    process.join();
    process.join();  // a second join returns at once
    EXPECT_EQ(process.exitcode(), std::optional<int>(0)) << explain(process.exitcode());
}

// ---- Task 2: join with a timeout, terminate, kill, signals ------------------------

GRADED_TEST(Signals, JoinWithATimeoutOnASleepingChild, 2, 2) {
    Process sleeper([] { sleep_seconds(10); });
    start(sleeper);
    const auto start_time = Clock::now();
    const bool ended = sleeper.join(200ms);
    const double waited = seconds_since(start_time);
    EXPECT_FALSE(ended) << "join(200ms) returned true, but the child sleeps for 10 s";
    EXPECT_GE(waited, 0.15) << "join(200ms) returned after " << waited << " s: it must wait about the timeout";
    EXPECT_LT(waited, 5.0) << "join(200ms) took " << waited << " s: it must give up after about the timeout";
    EXPECT_TRUE(sleeper.is_alive()) << "is_alive() must be true while the child sleeps";
    EXPECT_EQ(sleeper.exitcode(), std::nullopt) << "exitcode() must be empty while the child runs";

    sleeper.terminate();
    EXPECT_TRUE(sleeper.join(5s)) << "the child did not end within 5 s of terminate()";
    EXPECT_EQ(sleeper.exitcode(), std::optional<int>(-SIGTERM))
        << "a child ended by SIGTERM has exit code -15 (minus the signal number), not " << explain(sleeper.exitcode());
    EXPECT_FALSE(sleeper.is_alive());
    EXPECT_TRUE(children().empty()) << describe(children());
}

GRADED_TEST(Signals, JoinWithATimeoutReturnsWhenTheChildEnds, 2, 1) {
    Process quick([] { std::this_thread::sleep_for(100ms); });
    start(quick);
    const auto start_time = Clock::now();
    const bool ended = quick.join(20s);
    const double waited = seconds_since(start_time);
    EXPECT_TRUE(ended) << "join(20s) must return true for a child that ends after 0.1 s";
    EXPECT_LT(waited, 5.0) << "join(20s) took " << waited << " s for a child that ends after 0.1 s: "
                           << "it must return as soon as the child ends, not when the timeout expires";
    EXPECT_EQ(quick.exitcode(), std::optional<int>(0)) << explain(quick.exitcode());
}

GRADED_TEST(Signals, KillGivesMinusNine, 2, 1) {
    Process sleeper([] { sleep_seconds(10); });
    start(sleeper);
    sleeper.kill();
    sleeper.join();
    EXPECT_EQ(sleeper.exitcode(), std::optional<int>(-SIGKILL))
        << "a child ended by SIGKILL has exit code -9 (minus the signal number), not " << explain(sleeper.exitcode());
    EXPECT_NO_THROW(sleeper.terminate()) << "terminate() after the child was reaped must do nothing";
    EXPECT_NO_THROW(sleeper.kill()) << "kill() after the child was reaped must do nothing";
    EXPECT_EQ(sleeper.exitcode(), std::optional<int>(-SIGKILL)) << explain(sleeper.exitcode());
}

GRADED_TEST(Signals, ACrashInTheChildIsReported, 2, 1) {
    Process crasher([] {
        const rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);  // no core file on disk, please
        std::abort();                        // raises SIGABRT
    });
    start(crasher);
    crasher.join();
    EXPECT_EQ(crasher.exitcode(), std::optional<int>(-SIGABRT))
        << "a child killed by SIGABRT (abort()) has exit code -6, not " << explain(crasher.exitcode());
}

// ---- Task 3: ownership: no zombie, no stray child ----------------------------------

GRADED_TEST(Reaping, JoinLeavesNoZombie, 3, 1) {
    {
        std::vector<Process> processes;
        processes.reserve(3);  // no moves here: this test is about join()
        for (int i = 0; i < 3; ++i) processes.emplace_back([] {});
        for (auto& process : processes) start(process);
        for (auto& process : processes) process.join();
        const auto left = children();
        EXPECT_TRUE(left.empty()) << "after join(): " << describe(left);
    }
    EXPECT_TRUE(children().empty()) << describe(children());
}

GRADED_TEST(Reaping, DestructorReapsAFinishedChild, 3, 1) {
    {
        Process process([] {});
        start(process);
        ASSERT_TRUE(lab05_test::wait_until_zombie(process.pid())) << "the child did not end within 5 s";
    }  // destroyed without join(): the destructor must reap the child
    const auto left = children();
    EXPECT_TRUE(left.empty()) << "a Process destroyed without join() must reap its child: " << describe(left);
}

GRADED_TEST(Reaping, DestructorKillsARunningChild, 3, 1) {
    const auto start_time = Clock::now();
    {
        Process sleeper([] { sleep_seconds(10); });
        start(sleeper);
        std::this_thread::sleep_for(50ms);
    }  // destroyed while the child sleeps: the destructor kills it, then reaps it
    const double took = seconds_since(start_time);
    EXPECT_LT(took, 5.0) << "destroying a Process whose child sleeps 10 s took " << took
                         << " s: the destructor must kill the child (SIGKILL), not wait for it";
    const auto left = lab05_test::children_after_settling();
    EXPECT_TRUE(left.empty()) << "a Process destroyed while its child runs must kill and reap it: " << describe(left);
}

GRADED_TEST(Reaping, MovesTransferTheChild, 3, 1) {
    {
        Process first([] { sleep_seconds(10); });
        start(first);
        const pid_t pid = first.pid();
        Process second(std::move(first));
        EXPECT_EQ(second.pid(), pid) << "the moved-to Process must own the child";
        EXPECT_EQ(first.pid(), 0) << "the moved-from Process must own no child (pid() == 0)";
        EXPECT_FALSE(first.is_alive()) << "the moved-from Process must own no child (is_alive() false)";
        EXPECT_TRUE(second.is_alive());

        Process third([] { sleep_seconds(10); });
        start(third);
        const pid_t replaced = third.pid();
        third = std::move(second);  // third's own child is killed and reaped first
        EXPECT_EQ(third.pid(), pid);
        // Give a signal sent by the assignment a moment to land, then look at the old child.
        char state = lab05_test::state_of(replaced);
        for (int i = 0; i < 200 && state != '?' && state != 'Z'; ++i) {
            std::this_thread::sleep_for(10ms);
            state = lab05_test::state_of(replaced);
        }
        EXPECT_EQ(state, '?') << "move assignment must dispose of the old child (kill it and reap it), like the "
                              << "destructor; the old child " << (state == 'Z' ? "was left a zombie" : "still runs");
        third.terminate();
        third.join();
        EXPECT_EQ(third.exitcode(), std::optional<int>(-SIGTERM)) << explain(third.exitcode());

        std::vector<Process> moved;
        for (int i = 0; i < 4; ++i) moved.emplace_back([i] { ::_exit(10 + i); });
        for (auto& process : moved) start(process);
        std::vector<Process> elsewhere;
        for (auto& process : moved) elsewhere.push_back(std::move(process));  // vector growth moves them again
        for (int i = 0; i < 4; ++i) {
            elsewhere[static_cast<std::size_t>(i)].join();
            EXPECT_EQ(elsewhere[static_cast<std::size_t>(i)].exitcode(), std::optional<int>(10 + i))
                << "process " << i << " after two moves: " << explain(elsewhere[static_cast<std::size_t>(i)].exitcode());
        }
    }
    EXPECT_TRUE(children().empty()) << describe(children());
}

GRADED_TEST(Reaping, ManyProcessesEachWithItsOwnExitCode, 3, 1) {
    // 64 children that end in the reverse order of their start: child i sleeps
    // (64 - i) * 2 ms, then exits with code i. join() must wait for *its* child.
    constexpr int kCount = 64;
    {
        std::vector<Process> processes;
        processes.reserve(kCount);
        for (int i = 0; i < kCount; ++i)
            processes.emplace_back([i] {
                std::this_thread::sleep_for(std::chrono::milliseconds(2 * (kCount - i)));
                ::_exit(i);
            });
        for (auto& process : processes) start(process);
        std::set<pid_t> pids;
        for (auto& process : processes) pids.insert(process.pid());
        EXPECT_EQ(pids.size(), static_cast<std::size_t>(kCount)) << "the 64 processes must have 64 different pids";
        for (int i = 0; i < kCount; ++i) {
            auto& process = processes[static_cast<std::size_t>(i)];
            process.join();
            ASSERT_EQ(process.exitcode(), std::optional<int>(i))
                << "child " << i << " exited with code " << i << ", but its Process reports "
                << explain(process.exitcode()) << ": does join() wait for its own child (waitpid(pid, ...)) "
                << "or for any child (wait(), waitpid(-1, ...))?";
        }
    }
    EXPECT_TRUE(children().empty()) << describe(children());
}

// ---- Task 4: how the child ends, and errors ----------------------------------------

GRADED_TEST(ChildEnd, AnExceptionInTheTargetGivesExitCode1, 4, 1) {
    lab05_test::Capture error(STDERR_FILENO);
    Process thrower([] { throw std::runtime_error("the target failed on purpose (42)"); });
    start(thrower);
    thrower.join();
    Process odd([] { throw 7; });  // not a std::exception
    start(odd);
    odd.join();
    const std::string printed = error.text();
    EXPECT_EQ(thrower.exitcode(), std::optional<int>(1))
        << "an exception escaping the target must end the child with exit code 1, not " << explain(thrower.exitcode());
    EXPECT_NE(printed.find("the target failed on purpose (42)"), std::string::npos)
        << "the child must print the exception's message on stderr; stderr had: \"" << printed << "\"";
    EXPECT_EQ(odd.exitcode(), std::optional<int>(1))
        << "an exception that is not a std::exception must also give exit code 1, not " << explain(odd.exitcode());
}

namespace {
struct Trace {
    std::atomic<int> returned_into_caller{0};
    std::atomic<int> exit_handlers_in_child{0};
};
Trace* trace = nullptr;
pid_t test_process = 0;
void note_exit_handler() {
    if (::getpid() != test_process && trace) ++trace->exit_handlers_in_child;
}
}  // namespace

GRADED_TEST(ChildEnd, TheChildNeverReturnsIntoTheCaller, 4, 1) {
    trace = lab05_test::shared_object<Trace>();
    test_process = ::getpid();
    std::atexit(note_exit_handler);  // runs in a child only if the child ends with exit()
    Process process([] {});
    process.start();
    if (::getpid() != test_process) {  // only a child that came back from start() gets here
        ++trace->returned_into_caller;
        std::fflush(nullptr);
        ::_exit(0);
    }
    process.join();
    EXPECT_EQ(trace->returned_into_caller.load(), 0)
        << "the child returned from start() and ran the caller's code after it (a second copy of the parent "
           "at work): the child must end with _exit() once the target is done";
    EXPECT_EQ(trace->exit_handlers_in_child.load(), 0)
        << "the child ran the parent's atexit handlers: it ended with exit() (or std::exit) instead of _exit()";
    EXPECT_EQ(process.exitcode(), std::optional<int>(0)) << explain(process.exitcode());
}

GRADED_TEST(ChildEnd, OutputPendingAtStartIsNotPrintedTwice, 4, 1) {
    lab05_test::Capture output(STDOUT_FILENO);
    std::printf("[printed-by-the-parent-before-start]");  // no newline: it waits in stdout's buffer
    Process process([] {});
    start(process);
    process.join();
    const std::string printed = output.text();
    EXPECT_EQ(lab05_test::occurrences(printed, "[printed-by-the-parent-before-start]"), 1)
        << "text the parent printed before start() appeared "
        << lab05_test::occurrences(printed, "[printed-by-the-parent-before-start]")
        << " times: start() must flush stdio before fork(), or the child inherits the unwritten buffer and "
           "writes it again. Output: \""
        << printed << "\"";
}

GRADED_TEST(ChildEnd, TheChildsOutputIsNotLost, 4, 1) {
    lab05_test::Capture output(STDOUT_FILENO);
    Process process([] { std::printf("[printed-by-the-child]"); });  // no newline, no flush
    start(process);
    process.join();
    const std::string printed = output.text();
    EXPECT_EQ(lab05_test::occurrences(printed, "[printed-by-the-child]"), 1)
        << "the child's printf output appeared " << lab05_test::occurrences(printed, "[printed-by-the-child]")
        << " times instead of once: _exit() does not flush stdio, so the child must flush it before _exit. "
           "Output: \""
        << printed << "\"";
}

namespace {
// What the fork-failure helper reports through its exit code.
enum ForkProbe : int {
    kThrewTheRightError = 0,
    kCannotTest = 10,
    kStartDidNotThrow,
    kWrongErrorCode,
    kMessageDoesNotNameFork,
    kThrewSomethingElse,
    kNotImplemented,
};

// Makes fork() fail in this process (a helper child of the test). Returns false where
// the machine does not allow it.
bool limit_processes() {
    // root ignores RLIMIT_NPROC (CAP_SYS_RESOURCE, CAP_SYS_ADMIN): become "nobody" first.
    if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0))
        return false;
    const rlimit none{0, 0};  // this user may have no more processes than it has now
    if (::setrlimit(RLIMIT_NPROC, &none) != 0) return false;
    const pid_t child = ::fork();  // make sure the limit works here
    if (child == 0) ::_exit(0);
    if (child > 0) ::waitpid(child, nullptr, 0);
    return child == -1;
}

int probe_fork_failure() {
    const bool limited = limit_processes();
    Process process([] {});
    try {
        process.start();
    } catch (const course::NotImplemented&) {
        return kNotImplemented;
    } catch (const std::system_error& error) {
        if (!limited) return kCannotTest;
        if (error.code() != std::errc::resource_unavailable_try_again) return kWrongErrorCode;
        if (std::string(error.what()).find("fork") == std::string::npos) return kMessageDoesNotNameFork;
        return kThrewTheRightError;
    } catch (...) {
        return limited ? kThrewSomethingElse : kCannotTest;
    }
    return limited ? kStartDidNotThrow : kCannotTest;
}
}  // namespace

GRADED_TEST(Errors, AForkFailureThrowsSystemError, 4, 1) {
    std::fflush(nullptr);
    const pid_t helper = ::fork();
    ASSERT_NE(helper, -1) << "the test could not fork its helper";
    if (helper == 0) ::_exit(probe_fork_failure());
    int status = 0;
    ASSERT_EQ(::waitpid(helper, &status, 0), helper);
    ASSERT_TRUE(WIFEXITED(status)) << "the helper process was killed by signal " << WTERMSIG(status);
    switch (WEXITSTATUS(status)) {
        case kThrewTheRightError: break;
        case kNotImplemented: throw course::NotImplemented("Process::start");
        case kCannotTest:  // the student's code is not to blame for the machine
            std::printf("note: this machine does not let the test make fork() fail; nothing was checked\n");
            break;
        case kStartDidNotThrow: FAIL() << "fork() fails here (process limit reached), yet start() did not throw";
        case kWrongErrorCode:
            FAIL() << "start() threw std::system_error, but its code() is not fork's errno (EAGAIN)";
        case kMessageDoesNotNameFork:
            FAIL() << "start() threw std::system_error, but its what() does not say that fork failed";
        case kThrewSomethingElse:
            FAIL() << "when fork() fails, start() must throw std::system_error; it threw something else";
        default: FAIL() << "the fork-failure helper ended with unexpected exit code " << WEXITSTATUS(status);
    }
    EXPECT_TRUE(children().empty()) << describe(children());
}
