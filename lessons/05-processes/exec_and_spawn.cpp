/// @file exec_and_spawn.cpp
/// @brief exec replaces a process's program (same pid); posix_spawn is fork + exec in one call.
///
/// fork() gives a copy of *this* program. To run another one, the child calls exec:
/// the kernel throws the copy away and loads the new program into the same process
/// (same pid, same open files). That is how a shell runs every command. posix_spawn()
/// does both in one call and reports a failed exec as an error code; it is what
/// production code (and, since 3.8, Python's subprocess where it can) uses to start programs.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

extern char** environ;

namespace {

// The program the demo starts: a shell that prints its own pid ($$).
char sh[] = "sh", dash_c[] = "-c", script[] = "echo \"    sh says: I am process $$\"";
char* const shell_argv[] = {sh, dash_c, script, nullptr};

int wait_status(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

int main() {
    std::printf("1. fork, then exec in the child:\n");
    std::fflush(stdout);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execvp("sh", shell_argv);
        ::_exit(127);  // only reached if exec failed
    }
    std::printf("    fork returned %d; exit status %d\n", pid, wait_status(pid));

    std::printf("2. exec of a program that does not exist:\n");
    std::fflush(stdout);
    pid = ::fork();
    if (pid == 0) {
        char name[] = "no-such-program";
        char* const argv[] = {name, nullptr};
        ::execvp(name, argv);
        std::printf("    child: exec failed (%s); it ends with _exit(127), as shells do\n", std::strerror(errno));
        std::fflush(stdout);
        ::_exit(127);
    }
    const int failed_status = wait_status(pid);
    std::printf("    the parent only sees exit status %d\n", failed_status);

    std::printf("3. posix_spawnp, the same program in one call:\n");
    std::fflush(stdout);
    pid_t spawned = 0;
    const int error = ::posix_spawnp(&spawned, "sh", nullptr, nullptr, shell_argv, environ);
    if (error != 0) return std::fprintf(stderr, "posix_spawnp: %s\n", std::strerror(error)), 1;
    std::printf("    posix_spawnp gave pid %d; exit status %d\n", spawned, wait_status(spawned));

    std::printf("4. posix_spawnp of a program that does not exist:\n");
    char name[] = "no-such-program";
    char* const argv[] = {name, nullptr};
    const int missing = ::posix_spawnp(&spawned, name, nullptr, nullptr, argv, environ);
    std::printf("    posix_spawnp returned error %d (%s) to the caller\n\n", missing, std::strerror(missing));

    const bool as_described = failed_status == 127 && missing == ENOENT;
    std::printf("check: a failed exec shows up as status 127 after fork, and as ENOENT from posix_spawnp: %s\n",
                as_described ? "yes" : "NO");
    return as_described ? 0 : 1;
}
