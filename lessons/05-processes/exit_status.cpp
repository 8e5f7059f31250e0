/// @file exit_status.cpp
/// @brief waitpid() tells how a child ended: an exit status, or the signal that killed it.
///
/// The status waitpid() fills in is a packed integer; the macros unpack it. WIFEXITED
/// says the child called exit/_exit (or returned from main), and WEXITSTATUS gives the
/// status (0 to 255). WIFSIGNALED says a signal killed it, and WTERMSIG gives which one.
/// Python's Process.exitcode folds both into one number: the status, or minus the signal.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace {

struct Ending {
    const char* what;
    void (*child)();  // what the child does; it never returns
    bool terminate_it;  // the parent sends SIGTERM
};

const Ending endings[] = {
    {"returns from its work, _exit(0)", [] { ::_exit(0); }, false},
    {"calls _exit(3)", [] { ::_exit(3); }, false},
    {"calls _exit(256), which keeps only 8 bits", [] { ::_exit(256); }, false},
    {"calls abort()",
     [] {
         const rlimit no_core{0, 0};
         ::setrlimit(RLIMIT_CORE, &no_core);  // no core file on disk
         std::abort();
     },
     false},
    {"raises SIGSEGV (as a bad pointer would)",
     [] {
         ::signal(SIGSEGV, SIG_DFL);  // the default action, even where a sanitizer installed its own
         ::raise(SIGSEGV);
     },
     false},
    {"sleeps; the parent sends SIGTERM", [] { ::pause(), ::_exit(0); }, true},
    {"kills itself with SIGKILL", [] { ::kill(::getpid(), SIGKILL); }, false},
};

}  // namespace

int main() {
    std::printf("%-42s  %-40s  %-8s  %s\n", "the child...", "waitpid says", "exitcode", "WEXITSTATUS alone");
    bool decoded = true;
    for (const Ending& ending : endings) {
        const pid_t pid = ::fork();
        if (pid == -1) return std::perror("fork"), 1;
        if (pid == 0) ending.child();
        if (ending.terminate_it) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            ::kill(pid, SIGTERM);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        char says[64];
        int exitcode = 0;
        if (WIFEXITED(status)) {
            exitcode = WEXITSTATUS(status);
            std::snprintf(says, sizeof says, "exited, status %d", exitcode);
        } else if (WIFSIGNALED(status)) {
            exitcode = -WTERMSIG(status);
            std::snprintf(says, sizeof says, "killed by signal %d (%s)", WTERMSIG(status), ::strsignal(WTERMSIG(status)));
        }
        std::printf("%-42s  %-40s  %8d  %d\n", ending.what, says, exitcode, WEXITSTATUS(status));
        decoded = decoded && (WIFEXITED(status) || WIFSIGNALED(status));
    }
    std::printf("\nexitcode is Python's convention (the status, or minus the signal). WEXITSTATUS alone said 0 for\n"
                "every killed child above: test WIFEXITED / WIFSIGNALED first.\n");
    std::printf("check: every status decoded as an exit or a signal: %s\n", decoded ? "yes" : "NO");
    return decoded ? 0 : 1;
}
