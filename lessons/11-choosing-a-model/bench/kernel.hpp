/// @file kernel.hpp
/// @brief The CPU-bound work every model computes: sums and maps of sqrt(x^3), compiled once (kernel.cpp).
#pragma once

#include <cstdint>

namespace bench {

/// sum of sqrt(x^3) for x in [begin, end). Out of line on purpose: inlined into a timing
/// loop, GCC 12 may keep the sum in memory and make the serial baseline slower than it is.
double sum_sqrt_cubes(std::uint64_t begin, std::uint64_t end);

/// out[x - begin] = sqrt(x^3) for x in [begin, end): the tutorial's Pool.map example.
void map_sqrt_cubes(std::uint64_t begin, std::uint64_t end, double* out);

/// [begin, end) of chunk `index` of `parts` equal chunks of [first, last).
inline void chunk_of(std::uint64_t first, std::uint64_t last, unsigned index, unsigned parts,
                     std::uint64_t& begin, std::uint64_t& end) {
    const std::uint64_t n = last - first;
    begin = first + n * index / parts;
    end = first + n * (index + 1) / parts;
}

}  // namespace bench
