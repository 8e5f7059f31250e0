/// @file pipe_to_child.cpp
/// @brief A pipe from parent to child: the parent writes lines, the child reads until end of file.
///
/// pipe() makes one channel with two descriptors: fds[0] to read, fds[1] to write. fork()
/// copies both into the child, so each process then closes the end it does not use: the
/// child's read() reports end of file (returns 0) only once every copy of the write end is
/// closed, the parent's included.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: pipe_to_child\n");
        return 2;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        std::perror("pipe");
        return 1;
    }
    std::fflush(stdout);  // so that nothing buffered is printed twice after fork()
    const pid_t child = fork();
    if (child == 0) {
        close(fds[1]);  // the child only reads; its copy of the write end would hold back EOF
        std::string received;
        char buffer[256];
        ssize_t n;
        int reads = 0;
        while ((n = read(fds[0], buffer, sizeof buffer)) > 0) {
            received.append(buffer, static_cast<std::size_t>(n));
            ++reads;
        }
        int lines = 0;
        for (char c : received) lines += c == '\n';
        std::printf("child  %d: read %zu bytes (%d lines) in %d read() call(s), then end of file\n", getpid(),
                    received.size(), lines, reads);
        std::fflush(stdout);  // _exit() skips the flushing that exit() would do
        _exit(lines == 3 ? 0 : 1);
    }
    close(fds[0]);  // the parent only writes
    for (const char* line : {"first line\n", "second line\n", "third line\n"}) {
        (void)!write(fds[1], line, std::strlen(line));
        std::printf("parent %d: wrote %2zu bytes: %.*s\n", getpid(), std::strlen(line),
                    static_cast<int>(std::strlen(line)) - 1, line);
    }
    std::fflush(stdout);  // our lines first, then the child's
    close(fds[1]);        // the last write end closes: the child's read() now returns 0 (EOF)
    int status = 0;
    waitpid(child, &status, 0);
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    std::printf("check: the child got all 3 lines and saw end of file: %s\n", ok ? "yes" : "NO");
    std::printf("(the number of read() calls can differ from the 3 writes, and from run to run:\n"
                " a pipe carries bytes, not lines)\n");
    return ok ? 0 : 1;
}
