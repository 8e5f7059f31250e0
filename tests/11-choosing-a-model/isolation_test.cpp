// Graded tests for lab 11, task 3: run_isolated, tasks that may crash.
// Structure first: a harmless task must run in another process (its getpid() differs
// from the test's) before any crashing task is handed over, so code that runs tasks on
// threads fails with that reason instead of taking the whole test process down.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "grading/graded_test.hpp"
#include "workloads.hpp"

using namespace std::chrono_literals;
using lab11::Outcome;
using lab11::Task;

namespace {

// A child that returns from run_isolated into the test, or lets a task's exception climb
// into it, would run the rest of the test a second time; this ends such a child right
// there, with a code of its own that the failure messages then show ("exit code 86").
constexpr int kReturnedIntoTest = 86;

std::vector<Outcome> run(const std::vector<Task>& tasks) {
    const pid_t test = ::getpid();
    try {
        auto outcomes = lab11::run_isolated(tasks);
        if (::getpid() != test) ::_exit(kReturnedIntoTest);
        return outcomes;
    } catch (...) {
        if (::getpid() != test) ::_exit(kReturnedIntoTest);
        throw;
    }
}

std::string describe(const Outcome& outcome) {
    if (outcome.value) return "returned " + std::to_string(*outcome.value);
    if (outcome.signal) return std::string("crashed (signal ") + ::strsignal(outcome.signal) + ")";
    return "crashed (exit code " + std::to_string(outcome.exit_code) + ")";
}

// A crashing task first silences its own stderr: under AddressSanitizer or UBSan, the
// sanitizer's report of the deliberate crash would otherwise reach the grader, which
// counts any sanitizer report as a failure.
void silence_stderr() {
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) ::dup2(null, STDERR_FILENO);
}

// True, with a failure that names the bug, when run_isolated ran a task in this process.
bool ran_in_this_process() {
    const auto outcomes = run({[] { return static_cast<int>(::getpid()); }});
    if (outcomes.size() == 1 && outcomes[0].value == static_cast<int>(::getpid())) {
        ADD_FAILURE() << "run_isolated ran a task inside the test process (its getpid() is the test's): a task "
                      << "that crashes there takes everything down. Run each task in a child process (fork)";
        return true;
    }
    return false;
}

}  // namespace

GRADED_TEST(Isolation, TasksRunInChildProcesses, 3, 1) {
    const int test = static_cast<int>(::getpid());
    const auto outcomes = run({[] { return static_cast<int>(::getpid()); }, [] { return static_cast<int>(::getpid()); }});
    ASSERT_EQ(outcomes.size(), 2u) << "run_isolated must return one outcome per task";
    for (const auto& outcome : outcomes) {
        ASSERT_TRUE(outcome.value) << "a task that returns its process id " << describe(outcome)
                                   << ": it should have returned normally";
        EXPECT_NE(*outcome.value, test) << "run_isolated ran a task inside the test process (its getpid() is the "
                                        << "test's): a task that crashes there takes everything down. Run each "
                                        << "task in a child process (fork)";
    }
}

GRADED_TEST(Isolation, ValuesInTaskOrder, 3, 1) {
    // The first task finishes last: outcomes must follow the tasks, not the finishing order.
    std::vector<Task> tasks;
    for (int i = 0; i < 5; ++i)
        tasks.push_back([i] {
            std::this_thread::sleep_for((4 - i) * 15ms);
            return 100 + i;
        });
    const auto outcomes = run(tasks);
    ASSERT_EQ(outcomes.size(), tasks.size()) << "run_isolated must return one outcome per task";
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(outcomes[i].value, 100 + i) << "outcome " << i << " " << describe(outcomes[i]) << ", expected "
                                              << "returned " << 100 + i << ": outcomes go in the order of the tasks, "
                                              << "not in the order the tasks finished";
}

GRADED_TEST(Isolation, CrashesAreContained, 3, 3) {
    if (ran_in_this_process()) return;  // the crashes below would end the test process itself
    const std::vector<Task> tasks = {
        [] { return 1; },
        [] {  // a null write
            silence_stderr();
            volatile int* volatile nowhere = nullptr;
            *nowhere = 42;
            return 0;
        },
        [] { return 2; },
        [] {
            silence_stderr();
            std::abort();
            return 0;
        },
        [] {
            silence_stderr();  // std::terminate prints what escaped
            throw std::runtime_error("a task that throws");
            return 0;
        },
        [] { return 3; },
        [] {
            ::_exit(3);
            return 0;
        },
        [] { return 4; },
        [] {
            ::_exit(0);  // ends its process "successfully", but returns no value
            return 5;
        },
    };
    const auto outcomes = run(tasks);
    ASSERT_EQ(outcomes.size(), tasks.size()) << "run_isolated must return one outcome per task";
    const char* names[] = {"return 1", "a null write", "return 2", "abort()", "an uncaught exception", "return 3",
                           "_exit(3)", "return 4", "_exit(0)"};
    for (std::size_t i : {0u, 2u, 5u, 7u}) {
        const int expected = i == 0 ? 1 : i == 2 ? 2 : i == 5 ? 3 : 4;
        EXPECT_EQ(outcomes[i].value, expected) << "task " << i << " (" << names[i] << ") " << describe(outcomes[i])
                                               << ": a crash in another task must not change its outcome";
    }
    for (std::size_t i : {1u, 3u, 4u, 6u}) {
        EXPECT_TRUE(outcomes[i].crashed() && (outcomes[i].signal != 0 || outcomes[i].exit_code != 0))
            << "task " << i << " (" << names[i] << ") " << describe(outcomes[i])
            << ": it should be a crash, with the signal or the exit code that ended it";
    }
    EXPECT_EQ(outcomes[3].signal, SIGABRT) << "task 3 (abort()) " << describe(outcomes[3])
                                           << ": abort() ends a process with SIGABRT; report it in `signal`";
    EXPECT_TRUE(outcomes[6].crashed() && outcomes[6].signal == 0 && outcomes[6].exit_code == 3)
        << "task 6 (_exit(3)) " << describe(outcomes[6]) << ": expected a crash with exit code 3 and no signal";
    EXPECT_TRUE(outcomes[8].crashed() && outcomes[8].signal == 0 && outcomes[8].exit_code == 0)
        << "task 8 (_exit(0)) " << describe(outcomes[8]) << ": a task that ends its process without returning "
        << "has no value, whatever its exit code; expected a crash with exit code 0";
    const bool sanitizer_exit = outcomes[1].signal == 0 && outcomes[1].exit_code != 0;  // ASan's SEGV handler exits
    EXPECT_TRUE(outcomes[1].signal == SIGSEGV || outcomes[1].signal == SIGBUS || sanitizer_exit)
        << "task 1 (a null write) " << describe(outcomes[1]) << ": expected SIGSEGV";
}

GRADED_TEST(Isolation, NoChildLeftBehind, 3, 1) {
    const auto outcomes = run({[] { return 1; }, [] { return 2; }, [] { return 3; }});
    ASSERT_EQ(outcomes.size(), 3u) << "run_isolated must return one outcome per task";
    int zombies = 0;
    int running = 0;
    for (;;) {  // reap whatever is left, counting it
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            ++zombies;
        } else if (pid == 0) {
            ++running;
            std::this_thread::sleep_for(10ms);
            if (running > 100) break;  // a second of children still running: give up counting
        } else {
            break;  // ECHILD: no child left
        }
    }
    EXPECT_EQ(zombies, 0) << "run_isolated left " << zombies << " child process(es) as zombies (ended, never waited "
                          << "for): waitpid every child it forks, also those that returned a value";
    EXPECT_EQ(running, 0) << "run_isolated returned while a child process was still running: wait for every child "
                          << "before returning";
}
