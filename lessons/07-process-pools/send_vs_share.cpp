/// @file send_vs_share.cpp
/// @brief The cost of sending data to another process (as bytes, or as text like pickle) against sharing it, measured.
///
/// A child process sums half a million doubles (4 MB) that the parent has. Four ways:
///  - in the parent itself: the work alone;
///  - sent through a pipe as raw bytes: the parent writes 8 MB, the child reads them;
///  - sent as text, the way pickle turns objects into bytes: format, send, parse;
///  - shared: the numbers sit in a MAP_SHARED mapping, the child reads them in place.
/// Python's Pool.map sends every input and every result pickled through a pipe, which is
/// why it can be slower than a plain loop when each call does little work.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "course/timing.hpp"

namespace {

constexpr std::size_t count = 500'000;

double sum(const double* values, std::size_t n) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += values[i];
    return total;
}

void write_all(int fd, const char* p, std::size_t size) {
    for (ssize_t n; size > 0; p += n, size -= static_cast<std::size_t>(n))
        if ((n = write(fd, p, size)) <= 0) _exit(3);
}

// Forks a child that runs `child()` (which reports its sum through `answer`), lets the
// parent run `parent()` (it may feed the child), and waits. Returns the wall time.
template <class Parent, class Child>
double timed_child(Parent parent, Child child) {
    return course::time_ms([&] {
        const pid_t pid = fork();
        if (pid == 0) child(), _exit(0);
        parent();
        waitpid(pid, nullptr, 0);
    });
}

}  // namespace

int main() {
    // The numbers live in a shared mapping from the start, so method 4 can use them in place.
    auto* numbers = static_cast<double*>(mmap(nullptr, count * sizeof(double) + sizeof(double), PROT_READ | PROT_WRITE,
                                              MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    if (numbers == MAP_FAILED) return 1;
    for (std::size_t i = 0; i < count; ++i) numbers[i] = 0.5 * static_cast<double>(i);
    double& answer = numbers[count];  // the child's sum comes back here (8 bytes, shared)
    const double expected = sum(numbers, count);

    double got = 0;
    const double alone_ms = course::time_ms([&] { got = sum(numbers, count); });

    int p[2];
    if (pipe(p) != 0) return 1;
    const double bytes_ms = timed_child([&] { close(p[0]), write_all(p[1], reinterpret_cast<const char*>(numbers), count * sizeof(double)), close(p[1]); },
                                        [&] {
                                            close(p[1]);
                                            std::vector<double> copy(count);
                                            auto* into = reinterpret_cast<char*>(copy.data());
                                            for (ssize_t n; (n = read(p[0], into, 1 << 16)) > 0;) into += n;
                                            answer = sum(copy.data(), count);
                                        });
    const bool bytes_ok = answer == expected;

    if (pipe(p) != 0) return 1;
    const double text_ms = timed_child(
        [&] {
            close(p[0]);
            std::string text;
            char buffer[32];
            for (std::size_t i = 0; i < count; ++i) text.append(buffer, static_cast<std::size_t>(std::snprintf(buffer, sizeof buffer, "%.17g\n", numbers[i])));
            write_all(p[1], text.data(), text.size()), close(p[1]);
        },
        [&] {
            close(p[1]);
            std::string text;
            char buffer[1 << 16];
            for (ssize_t n; (n = read(p[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
            std::vector<double> parsed;
            for (const char* s = text.c_str(); *s;) parsed.push_back(std::strtod(s, const_cast<char**>(&s))), ++s;
            answer = sum(parsed.data(), parsed.size());
        });
    const bool text_ok = answer == expected;

    const double shared_ms = timed_child([] {}, [&] { answer = sum(numbers, count); });
    const bool shared_ok = answer == expected;

    std::printf("a child process sums %zu doubles (%.1f MB) that the parent holds\n", count, count * sizeof(double) / 1e6);
    std::printf("  the sum alone, in the parent:          %8.2f ms\n", alone_ms);
    std::printf("  sent through a pipe as raw bytes:      %8.2f ms  (fork, copy, read, sum)\n", bytes_ms);
    std::printf("  sent as text, like pickle:             %8.2f ms  (format, copy, parse, sum)\n", text_ms);
    std::printf("  shared (MAP_SHARED), read in place:    %8.2f ms  (fork, sum)\n", shared_ms);
    if (shared_ms < bytes_ms && bytes_ms < text_ms)
        std::printf("sending cost %.1fx the work as bytes and %.1fx as text; sharing avoided the copy\n",
                    bytes_ms / alone_ms, text_ms / alone_ms);
    else
        std::printf("this run did not order the costs as usual (shared < bytes < text): the machine is noisy\n");
    const bool ok = bytes_ok && text_ok && shared_ok && got == expected;
    std::printf("%s\n", ok ? "check passed: all four sums are equal" : "CHECK FAILED: a sum differs");
    munmap(numbers, count * sizeof(double) + sizeof(double));
    return ok ? 0 : 1;
}
