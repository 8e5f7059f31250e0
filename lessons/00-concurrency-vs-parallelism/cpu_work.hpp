/// @file cpu_work.hpp
/// @brief The CPU-bound busy work the lesson's demos share, sized in milliseconds.
#pragma once

#include <algorithm>
#include <cstdint>

#include "course/timing.hpp"

namespace lesson00 {

/// Pure computation: `iterations` steps of a xorshift random-number generator.
///
/// Every step needs the result of the one before, so the CPU cannot overlap steps and
/// GCC does not skip or batch them, and the loop touches no memory. To finish two of
/// these sooner, run them on two cores. The result is deterministic, so a demo
/// can check that a parallel run computed the same values as a serial one.
inline std::uint64_t crunch(std::uint64_t iterations, std::uint64_t seed = 88172645463325252ULL) {
    std::uint64_t x = seed | 1;  // xorshift stays at 0 forever, so never start there
    for (std::uint64_t i = 0; i < iterations; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

/// How many crunch() iterations take about `ms` milliseconds on this machine, so that a
/// demo lasts about as long on a fast laptop as on a slow CI runner.
inline std::uint64_t iterations_for_ms(double ms) {
    // volatile: the compiler must not see the constant and fold the calibration loop away.
    volatile std::uint64_t sample = 1U << 21;
    double fastest = 1e9;
    for (int attempt = 0; attempt < 3; ++attempt)
        fastest = std::min(fastest, course::time_ms([&] { course::keep(crunch(sample)); }));
    return static_cast<std::uint64_t>(static_cast<double>(sample) * ms / std::max(fastest, 1e-3));
}

}  // namespace lesson00
