/// @file copy_on_write.cpp
/// @brief fork() copies no data: the child shares the parent's pages until one of them writes.
///
/// The parent fills a 128 MiB buffer, then forks. The child reads what the kernel says
/// about its own memory (/proc/self/smaps_rollup) right after the fork and again after
/// writing every byte of the buffer. Pages the two processes share count as "shared";
/// a page gets its own private copy only when someone writes to it: copy-on-write.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "course/timing.hpp"

namespace {

constexpr std::size_t kMiB = 1 << 20;
constexpr double kMiBs = 128;
constexpr std::size_t kSize = static_cast<std::size_t>(kMiBs) * kMiB;

// One "Name:   1234 kB" line of a /proc file, in MiB (-1 if absent).
double read_mib(const char* path, const std::string& name) {
    std::ifstream file(path);
    for (std::string key; file >> key;) {
        double kib = 0;
        if (key == name + ":" && file >> kib) return kib / 1024.0;
        file.ignore(1 << 12, '\n');
    }
    return -1;
}

struct Usage {
    double shared, owned;  // MiB shared with another process / this process's own copies
};

Usage usage() {
    const char* rollup = "/proc/self/smaps_rollup";
    return {read_mib(rollup, "Shared_Clean") + read_mib(rollup, "Shared_Dirty"),
            read_mib(rollup, "Private_Clean") + read_mib(rollup, "Private_Dirty")};
}

// The median time of fork() + _exit in the child + waitpid, in ms.
double fork_ms() {
    std::vector<double> times;
    for (int i = 0; i < 5; ++i)
        times.push_back(course::time_ms([] {
            const pid_t pid = ::fork();
            if (pid == 0) ::_exit(0);
            ::waitpid(pid, nullptr, 0);
        }));
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main() {
    const double small_fork = fork_ms();
    auto* buffer = static_cast<unsigned char*>(
        ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (buffer == MAP_FAILED) return std::perror("mmap"), 1;
    ::madvise(buffer, kSize, MADV_NOHUGEPAGE);  // ordinary 4 KiB pages, copied one by one
    std::memset(buffer, 1, kSize);              // the parent touches every page: all resident
    const double big_fork = fork_ms();
    std::printf("fork + exit + wait of a small process: %6.2f ms; of this one with %.0f MiB resident: %6.2f ms\n",
                small_fork, kMiBs, big_fork);
    std::printf("  (fork copies the page tables, which say where the %.0f pages are, not the pages themselves)\n\n",
                kSize / 4096.0);
    std::fflush(stdout);

    const pid_t pid = ::fork();
    if (pid == -1) return std::perror("fork"), 1;
    if (pid == 0) {
        const Usage before = usage();
        const double available_before = read_mib("/proc/meminfo", "MemAvailable");
        const double write_ms = course::time_ms([&] { std::memset(buffer, 2, kSize); });
        const Usage after = usage();
        const double available_after = read_mib("/proc/meminfo", "MemAvailable");
        std::printf("in the child, right after fork:   %6.1f MiB shared with the parent, %6.1f MiB its own\n",
                    before.shared, before.owned);
        std::printf("after the child wrote all %.0f MiB: %6.1f MiB shared with the parent, %6.1f MiB its own\n", kMiBs,
                    after.shared, after.owned);
        std::printf("  writing took %.0f ms: %.2f us per 4 KiB page, each a page fault and a copy\n", write_ms,
                    write_ms * 1000.0 / (kSize / 4096.0));
        std::printf("  the machine's available memory went from %.0f to %.0f MiB (other programs move it too)\n\n",
                    available_before, available_after);
        const bool shared_first = before.shared > 0.9 * kMiBs && before.owned < 0.1 * kMiBs;
        const bool copied_on_write = after.owned > 0.9 * kMiBs;
        std::printf("check: the child shared the buffer after fork and got its own copy only by writing: %s\n",
                    shared_first && copied_on_write ? "yes" : "NO (see the figures above)");
        std::printf("check: fork took less time than the child's copying: %s\n", big_fork < write_ms ? "yes" : "NO");
        std::fflush(stdout);
        ::_exit(shared_first && copied_on_write ? 0 : 1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    const bool intact = buffer[0] == 1 && buffer[kSize - 1] == 1;  // the child's writes stayed in the child
    std::printf("check: the parent's buffer still holds its own bytes: %s\n", intact ? "yes" : "NO");
    ::munmap(buffer, kSize);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 && intact ? 0 : 1;
}
