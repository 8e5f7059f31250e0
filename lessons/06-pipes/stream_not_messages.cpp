/// @file stream_not_messages.cpp
/// @brief A pipe carries bytes, not messages: writes merge and split; a length prefix restores them.
///
/// Three experiments on one pipe each:
///  1. two write()s of 5 bytes, then one read(): it returns all 10 bytes, merged;
///  2. one write() of 100 KiB from a child, and one read() asking for 100 KiB: it returns
///     only what the pipe held at that moment (a pipe holds 64 KiB by default on Linux);
///  3. the same messages as frames (a 4-byte length, then the bytes), read with loops that
///     stop only when the length says so: each message comes out whole.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

bool write_all(int fd, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = write(fd, bytes, size);
        if (n <= 0) return false;
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_all(int fd, void* data, std::size_t size) {
    auto* bytes = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t n = read(fd, bytes, size);
        if (n <= 0) return false;
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// A frame: the length in 4 bytes (in this machine's byte order: both ends are on it), then the body.
bool send_frame(int fd, const std::string& body) {
    const auto size = static_cast<std::uint32_t>(body.size());
    return write_all(fd, &size, sizeof size) && write_all(fd, body.data(), body.size());
}

bool recv_frame(int fd, std::string& body) {
    std::uint32_t size = 0;
    if (!read_all(fd, &size, sizeof size)) return false;
    body.assign(size, '\0');
    return read_all(fd, body.data(), size);
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: stream_not_messages\n");
        return 2;
    }
    int fds[2];
    char buffer[64] = {};

    // 1. Two messages merge.
    if (pipe(fds) != 0) return 1;
    write_all(fds[1], "hello", 5);
    write_all(fds[1], "world", 5);
    const ssize_t merged = read(fds[0], buffer, sizeof buffer);
    std::printf("1. wrote \"hello\" and \"world\" (2 writes); one read() returned %zd bytes: \"%.*s\"\n", merged,
                static_cast<int>(merged), buffer);
    close(fds[0]);
    close(fds[1]);

    // 2. One message splits.
    if (pipe(fds) != 0) return 1;
    std::fflush(stdout);
    const std::size_t big = 100 * 1024;
    pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        const std::vector<char> data(big, 'x');
        _exit(write_all(fds[1], data.data(), data.size()) ? 0 : 1);  // blocks until the parent reads
    }
    close(fds[1]);
    usleep(50'000);  // the child fills the pipe, then waits for room
    std::vector<char> data(big);
    const ssize_t first = read(fds[0], data.data(), data.size());
    std::printf("2. a child wrote %zu bytes in one write(); one read() asking for all of them got %zd\n", big, first);
    read_all(fds[0], data.data() + first, big - static_cast<std::size_t>(first));  // the rest
    close(fds[0]);
    waitpid(child, nullptr, 0);

    // 3. Frames keep messages whole.
    if (pipe(fds) != 0) return 1;
    std::fflush(stdout);
    const std::vector<std::string> messages{"hello", "world", "", std::string(big, 'y')};
    child = fork();
    if (child == 0) {
        close(fds[0]);
        for (const auto& message : messages) send_frame(fds[1], message);
        _exit(0);
    }
    close(fds[1]);
    std::string body;
    int whole = 0, count = 0;
    while (recv_frame(fds[0], body)) {  // false at end of file, after the child's last frame
        const bool same = count < static_cast<int>(messages.size()) && body == messages[count];
        std::printf("3. frame %d: %6zu bytes, %s\n", ++count, body.size(), same ? "whole" : "DIFFERENT");
        whole += same;
    }
    close(fds[0]);
    waitpid(child, nullptr, 0);

    const bool ok = merged == 10 && first < static_cast<ssize_t>(big) && whole == 4 && count == 4;
    std::printf("check: writes merged (1), a write split (2), and length-prefixed frames came out whole (3): %s\n",
                ok ? "yes" : "NO (see above)");
    return ok ? 0 : 1;
}
