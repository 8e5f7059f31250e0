/// @file exceptions_in_threads.cpp
/// @brief An exception escaping a thread kills the whole process; catch it in the thread and rethrow it after join.
///
/// Python prints a traceback for a failed thread and carries on. C++ calls
/// std::terminate, which aborts the *whole program*. To show that safely, part 1 runs
/// in a forked child process, and this parent reports how the child died. Part 2 is
/// the fix: catch everything inside the thread, keep it in a std::exception_ptr, and
/// rethrow it in the thread that joins.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

void copy_files() { throw std::runtime_error("disk full"); }

// Part 1, in a child process: let the exception escape the thread.
[[noreturn]] void child_lets_it_escape() {
    // An abort may write a core file (or wake a crash reporter); not wanted for a demo.
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
#if defined(__linux__)
    prctl(PR_SET_DUMPABLE, 0);  // also stops core_pattern pipes such as systemd-coredump
#endif
    std::thread worker(copy_files);    // copy_files throws; nobody catches it in that thread
    worker.join();                     // never returns: std::terminate has already aborted
    _exit(0);
}

}  // namespace

int main() {
    bool ok = true;

    std::cout << "1. An exception escapes a std::thread (in a child process, so we survive):\n"
              << "   --- the child's last words on stderr: ---" << std::endl;  // flush before fork
    const pid_t child = fork();  // fork while this process still has one thread
    if (child < 0) {
        std::cerr << "fork failed: " << std::strerror(errno) << "\n";
        return 1;
    }
    if (child == 0) child_lets_it_escape();
    int status = 0;
    waitpid(child, &status, 0);
    const bool aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    std::cout << "   --- end of the child's output ---\n   the child "
              << (aborted ? "was killed by SIGABRT: std::terminate called abort(), and the whole\n"
                            "   process died, every thread with it, though only one thread failed.\n"
                          : "did NOT die of SIGABRT, which is not what the standard says.\n");
    ok = ok && aborted;

    std::cout << "2. The fix: catch in the thread, carry a std::exception_ptr, rethrow after join.\n";
    std::exception_ptr failure;  // written by the worker, read by main only after join
    std::thread worker([&failure] {
        try {
            copy_files();
        } catch (...) {                              // catch (...) : every type, not just std::exception
            failure = std::current_exception();      // a handle to the exception object itself
        }
    });
    worker.join();
    std::string caught;
    try {
        if (failure) std::rethrow_exception(failure);  // the same object, now in main
    } catch (const std::runtime_error& e) {
        caught = e.what();
    }
    std::cout << "   main caught the worker's std::runtime_error: \"" << caught << "\"\n";
    ok = ok && caught == "disk full";

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ")
              << "an uncaught exception aborts; a carried one is rethrown in main\n";
    return ok ? 0 : 1;
}
