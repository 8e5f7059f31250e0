// Graded speedup test for lab 01: parallel_sum against a serial loop written here.
#include <cmath>

#include "course/timing.hpp"
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
    const grading::SpeedupGoal goal{.what = "parallel_sum of 40M square roots"};
    const unsigned threads = grading::speedup_threads(goal);
    const std::size_t n = 40'000'000;

    // A wrong answer earns nothing, however fast.
    const double expected = serial_sum(n);
    const double got = lab01::parallel_sum(n, threads, heavy_term);
    ASSERT_NEAR(got, expected, std::abs(expected) * 1e-9) << "parallel_sum gives the wrong total";

    double sink = 0;
    grading::check_speedup(
        goal, [&] { sink += serial_sum(n); }, [&] { sink += lab01::parallel_sum(n, threads, heavy_term); });
    course::keep(sink);  // so the optimiser cannot drop the sums
}
