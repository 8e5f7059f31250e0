// Graded speedup test for lab 04: many CPU-bound chunks submitted to the pool, against
// a serial loop over the same chunks written here.
#include <cmath>
#include <cstddef>
#include <future>
#include <vector>

#include "course/timing.hpp"
#include "grading/graded_test.hpp"
#include "grading/speedup.hpp"
#include "thread_pool.hpp"

namespace {

constexpr std::size_t chunk_count = 64;  // many more chunks than cores: the pool balances them

// CPU-bound work: a square root per term, nothing shared, little memory traffic.
double sum_of_roots(std::size_t begin, std::size_t end) {
    double sum = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const double x = static_cast<double>(i);
        sum += std::sqrt(x * x * x);
    }
    return sum;
}

// Both sides call the chunk through a pointer the optimiser cannot see through, so they
// run the same machine code per chunk.
double (*volatile chunk_function)(std::size_t, std::size_t) = sum_of_roots;

double serial_total(std::size_t terms) {
    double (*chunk)(std::size_t, std::size_t) = chunk_function;
    const std::size_t chunk_terms = terms / chunk_count;
    double total = 0;
    for (std::size_t c = 0; c < chunk_count; ++c) total += chunk(c * chunk_terms, (c + 1) * chunk_terms);
    return total;
}

// The chunks run on the pool; their sums are added in chunk order, exactly as the serial
// loop adds them, so both totals are bit-for-bit equal.
double pool_total(lab04::ThreadPool& pool, std::size_t terms) {
    double (*chunk)(std::size_t, std::size_t) = chunk_function;
    const std::size_t chunk_terms = terms / chunk_count;
    std::vector<std::future<double>> sums;
    sums.reserve(chunk_count);
    for (std::size_t c = 0; c < chunk_count; ++c) sums.push_back(pool.submit(chunk, c * chunk_terms, (c + 1) * chunk_terms));
    double total = 0;
    for (auto& sum : sums) total += sum.get();
    return total;
}

}  // namespace

GRADED_TEST(PoolSpeedup, CpuBoundChunksRunFasterOnEveryCore, 5, 3) {
    // The harness sizes the work by time, varies it on every run and checks every total
    // against the serial loop's (a wrong total earns nothing, however fast).
    const grading::SpeedupGoal goal{.what = "64 chunks of square roots on the pool", .start_size = 1 << 22,
                                    .tolerance = 0};
    lab04::ThreadPool pool(grading::speedup_threads(goal));  // started once, reused by every run
    grading::check_speedup(
        goal, [](std::size_t n) { return serial_total(n); },
        [&pool](std::size_t n, unsigned) { return pool_total(pool, n); });
}
