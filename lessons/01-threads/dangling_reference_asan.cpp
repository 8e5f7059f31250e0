/// @file dangling_reference_asan.cpp
/// @brief The dangling-reference bug run for real, in a child process built with AddressSanitizer, which catches it.
///
/// dangling_reference explains the trap and runs only the fix. This twin runs the bug:
/// a thread keeps a reference to a local whose scope has ended, then reads it. Plain
/// C++ gives no error (undefined behaviour: it may print the old value, garbage, or
/// crash). This program is compiled with -fsanitize=address, which poisons a local's
/// stack memory when its scope ends, so the read is stopped and reported as
/// "stack-use-after-scope". The bug runs in a fork()ed child, so the demo survives it.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <thread>

namespace {

[[gnu::noinline]] int read_through(const int* p) { return *p; }  // keeps the read a real read

// THE BUG: `from` dies at the closing brace of its block, but the thread still holds &from.
void dangling_countdown() {
    std::latch scope_ended{1};
    std::thread reader;
    {
        int from = 3;
        reader = std::thread([&from, &scope_ended] {
            scope_ended.wait();  // read only after `from` is gone: the bug happens every run
            std::printf("   the thread read %d through a dangling reference\n", read_through(&from));
        });
    }  // `from` ends here; the thread still holds its address
    scope_ended.count_down();
    reader.join();
}

}  // namespace

int main() {
    std::fflush(stdout);
    const pid_t child = fork();  // before any thread exists in this process
    if (child < 0) return std::perror("fork"), 1;
    if (child == 0) {
        dangling_countdown();
        std::_Exit(0);  // reached only if nothing caught the bug
    }
    int status = 0;
    waitpid(child, &status, 0);
    const bool caught = WIFEXITED(status) ? WEXITSTATUS(status) != 0 : WIFSIGNALED(status);
    if (caught) {
        std::printf("\nThe child stopped with %s: AddressSanitizer caught the read of a local whose\n"
                    "scope had ended (its report, above, says stack-use-after-scope and names the line).\n"
                    "Without the sanitizer the same program reads dead stack memory and may seem to work.\n"
                    "The fix: capture by value ([from]), or join before the scope ends.\n",
                    WIFEXITED(status) ? "a non-zero exit code" : "a signal");
    } else {
        std::printf("\nThe child finished without a report: this build has no AddressSanitizer, so the\n"
                    "bug went unnoticed, which is exactly why it is dangerous.\n");
    }
    return 0;
}
