/// @file kernel.cpp
/// @brief The CPU-bound work, out of line so every model runs the very same machine code.
#include "kernel.hpp"

#include <cmath>

namespace bench {

[[gnu::noinline]] double sum_sqrt_cubes(std::uint64_t begin, std::uint64_t end) {
    double sum = 0;
    for (std::uint64_t x = begin; x < end; ++x) {
        const double v = static_cast<double>(x);
        sum += std::sqrt(v * v * v);
    }
    return sum;
}

[[gnu::noinline]] void map_sqrt_cubes(std::uint64_t begin, std::uint64_t end, double* out) {
    for (std::uint64_t x = begin; x < end; ++x) {
        const double v = static_cast<double>(x);
        out[x - begin] = std::sqrt(v * v * v);
    }
}

}  // namespace bench
