/// @file capture_output.cpp
/// @brief dup2() points a child's standard output into a pipe: how a subprocess's output is captured.
///
/// A program writes to descriptor 1 (standard output) without knowing what it is. Between
/// fork() and exec(), the child makes descriptor 1 a copy of the pipe's write end with
/// dup2(); the program it then runs prints into the pipe, and the parent reads it. Python's
/// subprocess.run(..., capture_output=True) does the same, with posix_spawn or fork+exec.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: capture_output\n");
        return 2;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        std::perror("pipe");
        return 1;
    }
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        dup2(fds[1], STDOUT_FILENO);  // descriptor 1 is now the pipe's write end
        close(fds[0]);
        close(fds[1]);  // descriptor 1 still refers to the pipe; this extra copy would hold back EOF
        execlp("uname", "uname", "-s", "-r", static_cast<char*>(nullptr));
        _exit(127);  // exec failed (uname not found): the shell's exit code for "command not found"
    }
    close(fds[1]);
    std::string captured;
    char buffer[256];
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0) captured.append(buffer, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

    const std::size_t bytes = captured.size();
    if (!captured.empty() && captured.back() == '\n') captured.pop_back();  // for printing
    std::printf("the child ran `uname -s -r`, which printed to its standard output\n");
    std::printf("the parent captured %zu bytes from the pipe: \"%s\\n\"\n", bytes, captured.c_str());
    std::printf("the child exited with code %d\n", code);
    const bool ok = code == 0 && !captured.empty();
    std::printf("check: the output came through the pipe, not to the terminal: %s\n", ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
