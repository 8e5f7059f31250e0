/// @file library_parallel_sum.cpp
/// @brief The production way: oneTBB's parallel_reduce and std::execution::par chunk and join for you.
///
/// Everything lab 01 builds by hand (split the range, one thread per chunk, a partial
/// sum each, join, combine) is one call in a library. oneTBB also keeps a pool of
/// threads alive between calls, splits the range into many small pieces and lets idle
/// threads steal them, so uneven work still keeps every core busy.
/// GCC's std::execution::par is built on oneTBB too, which is why this demo links it.
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <vector>
#if __has_include(<execution>)
#include <execution>  // libc++ (macOS) may lack it; then only the TBB row is shown
#endif

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include "course/timing.hpp"

namespace {

double term(double x) { return std::sqrt(x * x * x); }

}  // namespace

int main() {
    std::vector<double> xs(10'000'000);
    std::iota(xs.begin(), xs.end(), 0.0);

    double serial = 0, tbb_sum = 0;
    const double serial_ms = course::time_ms([&] {
        serial = std::transform_reduce(xs.begin(), xs.end(), 0.0, std::plus<>{}, term);
    });

    // oneTBB: you say how to sum one piece and how to combine two partial sums.
    const double tbb_ms = course::time_ms([&] {
        tbb_sum = tbb::parallel_reduce(
            tbb::blocked_range<std::size_t>(0, xs.size()), 0.0,
            [&](const tbb::blocked_range<std::size_t>& piece, double sum) {
                for (std::size_t i = piece.begin(); i != piece.end(); ++i) sum += term(xs[i]);
                return sum;
            },
            std::plus<>{});
    });

    std::printf("serial transform_reduce      %7.1f ms\n", serial_ms);
    std::printf("tbb::parallel_reduce         %7.1f ms  (%.2fx; includes starting TBB's pool)\n", tbb_ms,
                serial_ms / tbb_ms);

    // Partial sums are added in a different order, so compare with a tolerance.
    const auto close = [&](double x) { return std::abs(x - serial) <= 1e-9 * std::abs(serial); };
    bool ok = close(tbb_sum);

#if defined(__cpp_lib_parallel_algorithm)
    // The standard library: the same call as the serial one, plus a policy.
    double par_sum = 0;
    const double par_ms = course::time_ms([&] {
        par_sum = std::transform_reduce(std::execution::par, xs.begin(), xs.end(), 0.0, std::plus<>{}, term);
    });
    std::printf("transform_reduce(par, ...)   %7.1f ms  (%.2fx; TBB's pool already running)\n", par_ms,
                serial_ms / par_ms);
    ok = ok && close(par_sum);
#else
    std::printf("(this standard library has no std::execution::par; skipped)\n");
#endif
    std::printf("%s every library sum matches the serial sum (to 1e-9)\n", ok ? "check passed:" : "CHECK FAILED:");
    return ok ? 0 : 1;
}
