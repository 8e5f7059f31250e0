/// @file pipe_capacity.cpp
/// @brief A pipe holds a fixed number of bytes: a larger write blocks until the reader makes room.
///
/// The kernel keeps a pipe's bytes in a buffer of fixed size (64 KiB by default on Linux;
/// F_GETPIPE_SZ and F_SETPIPE_SZ are Linux-only). A write that does not fit waits for the
/// reader. With O_NONBLOCK set, write() refuses instead (-1, errno EAGAIN), which makes the
/// capacity visible. Then a blocking write is timed while a child drains the pipe 100 ms later.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <vector>

namespace {

// Fills the pipe through a non-blocking write end; returns the bytes it took.
std::size_t fill(int write_end) {
    const int flags = fcntl(write_end, F_GETFL);
    fcntl(write_end, F_SETFL, flags | O_NONBLOCK);
    const std::vector<char> chunk(1024, 'x');
    std::size_t total = 0;
    for (;;) {
        const ssize_t n = write(write_end, chunk.data(), chunk.size());
        if (n < 0) break;  // EAGAIN: full
        total += static_cast<std::size_t>(n);
    }
    const bool full = errno == EAGAIN;
    fcntl(write_end, F_SETFL, flags);  // blocking again
    return full ? total : 0;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: pipe_capacity\n");
        return 2;
    }
    int fds[2];
    if (pipe(fds) != 0) return 1;
#ifdef F_GETPIPE_SZ
    std::printf("fcntl(F_GETPIPE_SZ) says this pipe holds %d bytes (Linux only)\n", fcntl(fds[1], F_GETPIPE_SZ));
#else
    std::printf("fcntl(F_GETPIPE_SZ) is Linux-only: not available on this system\n");
#endif
    const std::size_t capacity = fill(fds[1]);
    std::printf("non-blocking writes of 1 KiB: %zu bytes went in, then write() failed with EAGAIN (full)\n",
                capacity);

    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {  // the reader, 100 ms late
        close(fds[1]);
        usleep(100'000);
        char buffer[4096];
        while (read(fds[0], buffer, sizeof buffer) > 0) {
        }
        _exit(0);
    }
    close(fds[0]);
    const auto start = std::chrono::steady_clock::now();
    (void)!write(fds[1], "one more byte", 13);  // blocking: waits for room
    const double waited = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("a blocking write() of 13 more bytes waited %.1f ms, until the child started reading\n", waited);
    close(fds[1]);
    waitpid(child, nullptr, 0);

#ifdef F_SETPIPE_SZ
    int bigger[2];
    if (pipe(bigger) == 0) {
        // An unprivileged process may grow a pipe up to /proc/sys/fs/pipe-max-size (1 MiB by default).
        const int size = fcntl(bigger[1], F_SETPIPE_SZ, 1 << 20);
        std::printf("fcntl(F_SETPIPE_SZ, 1 MiB) made another pipe hold %d bytes\n", size);
        close(bigger[0]);
        close(bigger[1]);
    }
#endif
    const bool ok = capacity > 0 && waited >= 50.0;
    std::printf("check: the pipe filled at %zu bytes and the next write() blocked until a reader came: %s\n",
                capacity, ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
