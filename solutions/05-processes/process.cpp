// Lab 05, reference solution: a child process in the spirit of multiprocessing.Process.
// The contract, and why the child ends the way it does, is in process.hpp.
#include "process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <algorithm>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>

namespace lab05 {
namespace {

// Python's convention (os.waitstatus_to_exitcode): the exit status for a normal
// exit, minus the signal number for a child a signal killed.
int decode(int status) {
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return WEXITSTATUS(status);
}

// Runs the target in the child and turns its outcome into an exit code. An exception
// must not escape: it would unwind out of start() into the parent's code, now running
// in the child.
int run_target(const std::function<void()>& target) noexcept {
    try {
        target();
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "lab05::Process %d: the target threw an exception: %s\n", ::getpid(), error.what());
    } catch (...) {
        std::fprintf(stderr, "lab05::Process %d: the target threw an exception that is not a std::exception\n",
                     ::getpid());
    }
    return 1;
}

// Everything the program printed but not yet wrote: C stdio and the C++ streams (which
// have buffers of their own after std::ios::sync_with_stdio(false)).
void flush_standard_streams() noexcept {
    try {
        std::cout.flush();
        std::clog.flush();
    } catch (...) {
        // a stream set to throw on failure: there is nowhere left to report it
    }
    std::fflush(nullptr);
}

// waitpid that retries when a signal handler interrupts it (EINTR). Returns the
// child's pid once it has ended, 0 if `flags` has WNOHANG and it still runs.
pid_t wait_for(pid_t pid, int& status, int flags) {
    for (;;) {
        const pid_t result = ::waitpid(pid, &status, flags);
        if (result != -1) return result;
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "lab05::Process: waitpid failed");
    }
}

}  // namespace

Process::Process(std::function<void()> target) : target_(std::move(target)) {}

Process::~Process() { discard(); }

Process::Process(Process&& other) noexcept
    : target_(std::exchange(other.target_, nullptr)),
      pid_(std::exchange(other.pid_, 0)),
      exitcode_(std::exchange(other.exitcode_, std::nullopt)) {}

Process& Process::operator=(Process&& other) noexcept {
    if (this != &other) {
        discard();
        target_ = std::exchange(other.target_, nullptr);
        pid_ = std::exchange(other.pid_, 0);
        exitcode_ = std::exchange(other.exitcode_, std::nullopt);
    }
    return *this;
}

void Process::discard() noexcept {
    if (pid_ <= 0 || exitcode_) return;  // no child, or already reaped
    ::kill(pid_, SIGKILL);                // harmless if it has just ended: a zombie keeps its pid
    int status = 0;
    while (::waitpid(pid_, &status, 0) == -1 && errno == EINTR) {
    }
    exitcode_ = decode(status);
}

void Process::start() {
    if (pid_ != 0) throw std::logic_error("lab05::Process::start: a process can be started only once");
    if (!target_) throw std::logic_error("lab05::Process::start: this Process has no target (moved from?)");

    flush_standard_streams();  // or the child inherits unwritten output and writes it again
    const pid_t pid = ::fork();
    if (pid == -1)
        throw std::system_error(errno, std::generic_category(),
                                "lab05::Process::start: fork() failed (too many processes? see `ulimit -u`)");
    if (pid == 0) {
        // The child. It runs the target and ends here: it never returns to the caller.
        const int code = run_target(target_);
        flush_standard_streams();  // _exit does not flush stdio; the output would be lost
        ::_exit(code);
    }
    pid_ = pid;
}

void Process::join() {
    if (pid_ == 0) throw std::logic_error("lab05::Process::join: the process was not started");
    if (exitcode_) return;
    int status = 0;
    wait_for(pid_, status, 0);
    exitcode_ = decode(status);
}

bool Process::join(std::chrono::milliseconds timeout) {
    if (pid_ == 0) throw std::logic_error("lab05::Process::join: the process was not started");
    // waitpid cannot wait with a timeout, so poll it, sleeping a little longer each
    // time (1 ms up to 10 ms). Linux 5.3 and later can wait exactly instead: pidfd_open
    // gives a file descriptor that poll() reports readable when the child ends.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        if (exitcode()) return true;
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds(10));
    }
}

bool Process::is_alive() { return pid_ != 0 && !exitcode(); }

pid_t Process::pid() const { return pid_; }

std::optional<int> Process::exitcode() {
    if (pid_ != 0 && !exitcode_) {
        int status = 0;
        if (wait_for(pid_, status, WNOHANG) == pid_) exitcode_ = decode(status);
    }
    return exitcode_;
}

void Process::terminate() { send(SIGTERM, "terminate"); }

void Process::kill() { send(SIGKILL, "kill"); }

void Process::send(int signal_number, const char* what) {
    if (pid_ == 0) throw std::logic_error(std::string("lab05::Process::") + what + ": the process was not started");
    // Once reaped, the pid is free and may already name another process: never signal it.
    if (exitcode_) return;
    if (::kill(pid_, signal_number) == -1 && errno != ESRCH)
        throw std::system_error(errno, std::generic_category(), std::string("lab05::Process::") + what + ": kill failed");
}

}  // namespace lab05
