/// @file socketpair_duplex.cpp
/// @brief A two-way channel: socketpair() gives two connected ends, each can send and receive.
///
/// A pipe goes one way; for questions and answers you would need two pipes. A Unix socket
/// pair is one channel that goes both ways. Here the parent sends numbers and the child
/// answers each with its square. Every message is exactly 8 bytes, so each side knows
/// where one ends; it still reads in a loop, because read() may return fewer bytes.
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>

namespace {

// Reads exactly `size` bytes unless end of file comes first; returns false then.
bool read_exactly(int fd, void* data, std::size_t size) {
    auto* bytes = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t n = read(fd, bytes, size);
        if (n <= 0) return false;  // 0: end of file; -1: an error (no signals here, so no EINTR)
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: socketpair_duplex\n");
        return 2;
    }
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
        std::perror("socketpair");
        return 1;
    }
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        close(ends[0]);  // the parent's end
        std::int64_t x = 0;
        while (read_exactly(ends[1], &x, sizeof x)) {  // until the parent closes its end
            const std::int64_t square = x * x;
            (void)!write(ends[1], &square, sizeof square);
        }
        _exit(0);
    }
    close(ends[1]);  // the child's end
    int correct = 0;
    for (std::int64_t x = 1; x <= 5; ++x) {
        std::int64_t answer = 0;
        (void)!write(ends[0], &x, sizeof x);
        if (!read_exactly(ends[0], &answer, sizeof answer)) break;
        std::printf("parent sent %lld on the socket, the child answered %2lld on the same socket\n",
                    static_cast<long long>(x), static_cast<long long>(answer));
        correct += answer == x * x;
    }
    close(ends[0]);  // end of file for the child, which then exits
    int status = 0;
    waitpid(child, &status, 0);
    std::printf("check: 5 questions, %d correct answers, one channel both ways: %s\n", correct,
                correct == 5 ? "yes" : "NO");
    return correct == 5 ? 0 : 1;
}
