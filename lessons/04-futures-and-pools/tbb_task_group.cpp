/// @file tbb_task_group.cpp
/// @brief oneTBB: task_group for submit-and-wait, parallel_reduce for a chunked sum, on TBB's own pool.
///
/// oneTBB keeps one pool of worker threads per process and balances tasks over them by
/// work stealing. task_group::run() is the "submit" of TBB and wait() is "wait for all";
/// parallel_reduce does the chunking of a CPU-bound sum for you.
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_group.h>

#include <atomic>
#include <cmath>
#include <cstddef>
#include <iomanip>
#include <iostream>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

// Sums sqrt(i^3) for i in [begin, end). Serial and parallel code both call it through a
// pointer the optimiser cannot see through, so both run the same machine code (inlined
// into one loop but not the other, the same sum can run at quite different speeds).
double sum_of_roots(std::size_t begin, std::size_t end) {
    double sum = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const double x = static_cast<double>(i);
        sum += std::sqrt(x * x * x);
    }
    return sum;
}
double (*volatile sum_range)(std::size_t, std::size_t) = sum_of_roots;

}  // namespace

int main() {
    bool ok = true;

    std::cout << "1. task_group: run() eight tasks, wait() for all of them.\n";
    std::vector<long> squares(8);
    tbb::task_group group;
    for (std::size_t i = 0; i < squares.size(); ++i)
        group.run([&squares, i] { squares[i] = static_cast<long>(i * i); });
    group.wait();  // also rethrows the first exception a task threw
    std::cout << "   squares:";
    for (long s : squares) std::cout << " " << s;
    std::cout << "\n";
    for (std::size_t i = 0; i < squares.size(); ++i) ok = ok && squares[i] == static_cast<long>(i * i);

    std::cout << "2. parallel_reduce: sum of sqrt(i^3) for i < 20M, chunked by TBB.\n";
    constexpr std::size_t n = 20'000'000;
    double serial = 0;
    const double serial_ms = course::time_ms([&] {
        serial = sum_range(0, n);
    });
    double parallel = 0;
    const double parallel_ms = course::time_ms([&] {
        parallel = tbb::parallel_reduce(
            tbb::blocked_range<std::size_t>(0, n), 0.0,
            [](const tbb::blocked_range<std::size_t>& range, double sum) {
                return sum + sum_range(range.begin(), range.end());
            },
            [](double left, double right) { return left + right; });
    });
    std::cout << std::fixed << std::setprecision(1) << "   serial " << serial_ms << " ms, parallel_reduce "
              << parallel_ms << " ms, speedup " << std::setprecision(2) << serial_ms / parallel_ms << "x on "
              << course::usable_cores() << " usable core(s)\n";
    // The chunks are added in a different order, so compare with a relative tolerance.
    ok = ok && std::abs(parallel - serial) <= 1e-9 * serial;

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ")
              << "every task ran; parallel_reduce matches the serial sum\n";
    return ok ? 0 : 1;
}
