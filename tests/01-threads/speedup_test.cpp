// Graded speedup test for lab 01: parallel_sum against a serial loop written here.
#include <cmath>

#include "grading/graded_test.hpp"
#include "grading/speedup.hpp"
#include "parallel.hpp"

namespace {

// CPU-bound work: a square root per term, nothing shared, little memory traffic.
double heavy_term(std::size_t i) {
    const double x = static_cast<double>(i);
    return std::sqrt(x * x * x);
}

// The baseline calls the term through a pointer the optimiser cannot see through,
// exactly as parallel_sum must, so both sides do the same work per term.
double (*volatile term_pointer)(std::size_t) = heavy_term;

double serial_sum(std::size_t n) {
    double (*term)(std::size_t) = term_pointer;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += term(i);
    return sum;
}

}  // namespace

GRADED_TEST(ParallelSumSpeedup, IsFasterOnEveryCore, 4, 6) {
    // The harness sizes n so the serial sum takes at least 150 ms, varies it on every
    // run, and checks each parallel total against the serial one (a wrong total earns
    // nothing, however fast). The order of additions differs, so totals agree to 1e-9.
    const grading::SpeedupGoal goal{.what = "parallel_sum of square roots", .start_size = 1 << 22};
    grading::check_speedup(
        goal, [](std::size_t n) { return serial_sum(n); },
        [](std::size_t n, unsigned threads) { return lab01::parallel_sum(n, threads, heavy_term); });
}
