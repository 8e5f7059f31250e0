// Lab 10, task 2, reference solution.
#include <omp.h>

#include <algorithm>
#include <stdexcept>

#include "kernels.hpp"

namespace lab10 {

std::array<std::uint64_t, 256> histogram(std::span<const std::uint8_t> data, unsigned threads) {
    if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
    const std::uint8_t* bytes = data.data();
    const std::size_t n = data.size();

    // An array reduction (OpenMP 4.5): every thread counts into its own private copy of
    // `counts`, set to zero, and OpenMP adds the copies together once at the end. No two
    // threads ever touch the same counter in the loop, so there is no race and no waiting.
    // (`#pragma omp atomic` on a shared array would also be correct, but every increment
    // would fight over a few cache lines: slower than the serial loop.)
    std::uint64_t counts[256] = {};
#pragma omp parallel for reduction(+ : counts[:256]) num_threads(threads)
    for (std::size_t i = 0; i < n; ++i) ++counts[bytes[i]];

    std::array<std::uint64_t, 256> result{};
    std::copy(std::begin(counts), std::end(counts), result.begin());
    return result;
}

}  // namespace lab10
