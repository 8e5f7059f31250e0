// Lab 05: write the member functions below. Their contract is in process.hpp.
// Run the graded tests with `./course test 05` (or `./course test 05 --task 2`).
#include "process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "course/not_implemented.hpp"

namespace lab05 {
namespace {

// A noexcept function cannot throw (GCC refuses a `throw` written there), so the move
// operations' stubs call this: the program then stops with "not implemented yet".
[[noreturn]] void not_implemented(const char* function) { throw course::NotImplemented(function); }

}  // namespace

Process::Process(std::function<void()> target) : target_(std::move(target)) {}

Process::~Process() {
    // Task 3: reap the child (killing it first if it still runs). A destructor must
    // not throw, so this stub simply does nothing.
}

Process::Process(Process&& other) noexcept {
    (void)other;
    not_implemented("Process::Process(Process&&)");
}

Process& Process::operator=(Process&& other) noexcept {
    (void)other;
    not_implemented("Process::operator=(Process&&)");
}

void Process::start() { throw course::NotImplemented("Process::start"); }

void Process::join() { throw course::NotImplemented("Process::join"); }

bool Process::join(std::chrono::milliseconds timeout) {
    (void)timeout;
    throw course::NotImplemented("Process::join(timeout)");
}

bool Process::is_alive() { throw course::NotImplemented("Process::is_alive"); }

pid_t Process::pid() const { return pid_; }  // given: the rest of the class keeps pid_ right

std::optional<int> Process::exitcode() { throw course::NotImplemented("Process::exitcode"); }

void Process::terminate() { throw course::NotImplemented("Process::terminate"); }

void Process::kill() { throw course::NotImplemented("Process::kill"); }

}  // namespace lab05
