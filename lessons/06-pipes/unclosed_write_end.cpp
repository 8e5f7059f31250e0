/// @file unclosed_write_end.cpp
/// @brief The classic pipe hang: the reader keeps its own copy of the write end, so EOF never comes.
///
/// read() on a pipe returns 0 (end of file) only when every write end in every process is
/// closed. After fork() the parent holds a copy of the write end too. If it forgets to
/// close it, the parent's own read() waits for the parent itself: forever. Here each read
/// is preceded by poll() with a 300 ms limit, so the demo shows the hang without hanging.
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>

namespace {

using Clock = std::chrono::steady_clock;

// The child writes three lines and exits. The parent reads until end of file, or gives up
// after 300 ms without any news. Returns true if end of file arrived.
bool read_until_eof(bool parent_closes_its_write_end) {
    int fds[2];
    if (pipe(fds) != 0) return false;
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        for (const char* line : {"one\n", "two\n", "three\n"}) (void)!write(fds[1], line, std::strlen(line));
        _exit(0);  // the child's write end closes here
    }
    if (parent_closes_its_write_end) close(fds[1]);  // the fix: the parent only reads

    const auto start = Clock::now();
    std::size_t bytes = 0;
    bool eof = false;
    for (;;) {
        pollfd entry{fds[0], POLLIN, 0};
        if (poll(&entry, 1, 300) == 0) break;  // 300 ms without data and without EOF
        char buffer[64];
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n <= 0) {
            eof = n == 0;
            break;
        }
        bytes += static_cast<std::size_t>(n);
    }
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    waitpid(child, nullptr, 0);
    std::printf("%s: read %zu bytes, then %s after %5.1f ms\n",
                parent_closes_its_write_end ? "write end closed " : "write end kept   ", bytes,
                eof ? "end of file" : "NO end of file (gave up)", ms);
    close(fds[0]);
    if (!parent_closes_its_write_end) close(fds[1]);
    return eof;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: unclosed_write_end\n");
        return 2;
    }
    const bool eof_when_kept = read_until_eof(false);
    std::printf("  the child had exited, but the parent itself still held a write end: a plain read()\n"
                "  would have waited forever for the parent to write or close it.\n\n");
    const bool eof_when_closed = read_until_eof(true);
    std::printf("  the parent closed its copy right after fork(): when the child exited, no write end\n"
                "  was left, and read() returned 0 at once.\n\n");
    const bool ok = !eof_when_kept && eof_when_closed;
    std::printf("check: EOF never came while the reader held a write end, and came at once without it: %s\n",
                ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
