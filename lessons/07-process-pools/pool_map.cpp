/// @file pool_map.cpp
/// @brief Pool.map in C++: worker processes map sqrt(x^3) over a million numbers in chunks; results come back in input order.
///
/// Two worker processes are forked once. The parent sends each one a chunk (a range of
/// numbers) through its task pipe, and the worker sends the chunk's results back through
/// its result pipe. Whichever worker answers first gets the next chunk; each answer is
/// copied to its chunk's place, so the results are in input order. Then the same pool
/// sums chunks instead, sending back one number per chunk.
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "course/timing.hpp"

namespace {

struct Request {  // one chunk: numbers [begin, end); sum = one result instead of end - begin
    std::uint64_t begin, end, sum;
};

void write_all(int fd, const void* data, std::size_t size) {
    for (auto* p = static_cast<const char*>(data); size > 0;) {
        const ssize_t n = write(fd, p, size);
        if (n <= 0) _exit(3);
        p += n, size -= static_cast<std::size_t>(n);
    }
}
bool read_all(int fd, void* data, std::size_t size) {  // false at end-of-file
    for (auto* p = static_cast<char*>(data); size > 0;) {
        const ssize_t n = read(fd, p, size);
        if (n <= 0) return false;
        p += n, size -= static_cast<std::size_t>(n);
    }
    return true;
}

double heavy(std::uint64_t x) { return std::sqrt(static_cast<double>(x) * x * x); }

[[noreturn]] void worker(int tasks, int results) {
    Request r;
    std::vector<double> out;
    while (read_all(tasks, &r, sizeof r)) {  // end-of-file: the pool is closing
        out.clear();
        double total = 0;
        for (std::uint64_t x = r.begin; x < r.end; ++x) r.sum ? void(total += heavy(x)) : out.push_back(heavy(x));
        if (r.sum) out.push_back(total);
        write_all(results, out.data(), out.size() * sizeof(double));
    }
    _exit(0);
}

struct Pool {
    std::vector<pid_t> pids;
    std::vector<int> tasks, results;
    explicit Pool(int n) {
        for (int i = 0; i < n; ++i) {
            int t[2], r[2];
            if (pipe(t) != 0 || pipe(r) != 0) _exit(3);
            const pid_t pid = fork();
            if (pid == 0) {
                for (std::size_t j = 0; j < tasks.size(); ++j) close(tasks[j]), close(results[j]);  // others' ends
                close(t[1]), close(r[0]);
                worker(t[0], r[1]);
            }
            close(t[0]), close(r[1]);
            pids.push_back(pid), tasks.push_back(t[1]), results.push_back(r[0]);
        }
    }
    // Runs every chunk; chunk c's answer (`per_chunk(c)` doubles) lands at out[offset(c)].
    template <class Count>
    void run(const std::vector<Request>& chunks, std::vector<double>& out, Count per_chunk) {
        std::vector<std::size_t> running(pids.size()), offset(chunks.size());
        for (std::size_t c = 1; c < chunks.size(); ++c) offset[c] = offset[c - 1] + per_chunk(c - 1);
        std::size_t next = 0, busy = 0;
        for (std::size_t w = 0; w < pids.size() && next < chunks.size(); ++w, ++busy)
            running[w] = next, write_all(tasks[w], &chunks[next++], sizeof(Request));
        while (busy > 0) {
            std::vector<pollfd> fds;
            for (int fd : results) fds.push_back({fd, POLLIN, 0});
            poll(fds.data(), fds.size(), -1);
            for (std::size_t w = 0; w < fds.size(); ++w) {
                if (!(fds[w].revents & POLLIN)) continue;
                const std::size_t c = running[w];  // its answer goes to its own place: input order
                if (!read_all(results[w], &out[offset[c]], per_chunk(c) * sizeof(double))) _exit(3);
                if (next < chunks.size()) running[w] = next, write_all(tasks[w], &chunks[next++], sizeof(Request));
                else --busy;
            }
        }
    }
    ~Pool() {
        for (int fd : tasks) close(fd);  // each worker reads end-of-file and exits
        for (std::size_t w = 0; w < pids.size(); ++w) waitpid(pids[w], nullptr, 0), close(results[w]);
    }
};

}  // namespace

int main() {
    constexpr std::uint64_t n = 1'000'000, chunk = 62'500;  // x = 1 .. 999 999, as range(1, 1000000)
    Pool pool(2);
    std::printf("a pool of 2 worker processes (pids %d and %d), forked once\n", pool.pids[0], pool.pids[1]);

    std::vector<Request> chunks;
    for (std::uint64_t b = 1; b < n; b += chunk) chunks.push_back({b, std::min(b + chunk, n), 0});
    std::vector<double> mapped(n - 1), serial(n - 1);
    const double pool_ms = course::time_ms([&] { pool.run(chunks, mapped, [&](std::size_t c) { return chunks[c].end - chunks[c].begin; }); });
    const double serial_ms = course::time_ms([&] { for (std::uint64_t x = 1; x < n; ++x) serial[x - 1] = heavy(x); });
    const bool same = mapped == serial;
    std::printf("1. map: sqrt(x^3) for x = 1..%llu in %zu chunks of %llu\n", (unsigned long long)n - 1, chunks.size(),
                (unsigned long long)chunk);
    std::printf("   results 0..2: %.3f %.3f %.3f   last: %.1f\n", mapped[0], mapped[1], mapped[2], mapped.back());
    std::printf("   pool %.2f ms, serial loop %.2f ms; the pipes carried %.1f MB of results back\n", pool_ms, serial_ms,
                (n - 1) * sizeof(double) / 1e6);
    std::printf("   %s\n", same ? "check passed: every result equals the serial one, in input order"
                                : "CHECK FAILED: the results differ from the serial loop");

    std::vector<Request> quarters;
    for (std::uint64_t q = 0; q < 4; ++q) quarters.push_back({1 + q * (n - 1) / 4, 1 + (q + 1) * (n - 1) / 4, 1});
    std::vector<double> sums(4);
    pool.run(quarters, sums, [](std::size_t) { return 1; });
    double total = 0, expected = 0;
    for (double s : sums) total += s;
    for (double v : serial) expected += v;
    const bool close_enough = std::abs(total - expected) <= 1e-12 * expected;
    std::printf("2. chunked sum: 4 chunks, each worker sends back one number per chunk (8 bytes, not 2 MB)\n");
    std::printf("   sum = %.6e (serial %.6e): %s\n", total, expected,
                close_enough ? "check passed (equal up to rounding: the additions ran in another order)" : "CHECK FAILED");
    std::printf("   %s\n", pool_ms < serial_ms ? "here the pool was faster than the serial loop"
                                               : "here the pool was slower than the serial loop: a million square roots "
                                                 "take a few ms, less than piping 8 MB of results back costs");
    return same && close_enough ? 0 : 1;
}
