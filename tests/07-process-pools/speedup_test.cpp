// Graded speedup test for lab 07: CPU-bound chunks mapped over the process pool, against a
// serial loop over the same chunks written here.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "grading/graded_test.hpp"
#include "grading/speedup.hpp"
#include "process_pool.hpp"

namespace {

constexpr std::size_t chunk_count = 64;  // many more chunks than cores: idle workers take the next one

// One chunk of the work: the terms [begin, end). Trivially copyable, so it travels as bytes.
struct Range {
    std::uint64_t begin;
    std::uint64_t end;
};

// CPU-bound work: a square root per term, nothing shared, little memory traffic. The
// worker gets 16 bytes and sends back 8, so sending costs nothing next to computing.
double sum_of_roots(Range range) {
    double sum = 0;
    for (std::uint64_t i = range.begin; i < range.end; ++i) {
        const double x = static_cast<double>(i);
        sum += std::sqrt(x * x * x);
    }
    return sum;
}

// Both sides call the chunk through a pointer the optimiser cannot see through, so they
// run the same machine code per chunk.
double (*volatile chunk_function)(Range) = sum_of_roots;

std::vector<Range> split(std::size_t n) {
    std::vector<Range> ranges;
    for (std::size_t c = 0; c < chunk_count; ++c) ranges.push_back(Range{n * c / chunk_count, n * (c + 1) / chunk_count});
    return ranges;
}

double serial_total(std::size_t n) {
    double (*chunk)(Range) = chunk_function;
    double total = 0;
    for (const Range& range : split(n)) total += chunk(range);
    return total;
}

// The chunks' sums come back in chunk order and are added in that order, exactly as the
// serial loop adds them, so both totals are bit-for-bit equal.
double pool_total(lab07::ProcessPool& pool, std::size_t n) {
    double total = 0;
    for (double sum : pool.map(chunk_function, split(n), 1)) total += sum;
    return total;
}

}  // namespace

GRADED_TEST(PoolSpeedup, CpuBoundChunksRunFasterOnEveryCore, 5, 2) {
    const grading::SpeedupGoal goal{.what = "64 chunks of square roots mapped over the process pool",
                                    .start_size = 20'000'000};
    std::unique_ptr<lab07::ProcessPool> pool;  // started once, reused by every run
    grading::check_speedup(
        goal, [](std::size_t n) { return serial_total(n); },
        [&](std::size_t n, unsigned threads) {
            if (!pool || pool->worker_count() != threads) {
                pool.reset();
                pool = std::make_unique<lab07::ProcessPool>(threads);
            }
            return pool_total(*pool, n);
        });
}
