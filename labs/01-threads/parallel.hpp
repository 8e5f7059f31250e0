/// @file parallel.hpp
/// @brief Lab 01: split work into chunks and run them on plain threads.
///
/// The contract of lab 01. You write the bodies in parallel.cpp; this header is
/// what the graded tests call. Every function is safe to call from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace lab01 {

/// A half-open range of indices, [begin, end).
struct Chunk {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size() const { return end - begin; }
    bool operator==(const Chunk&) const = default;
};

/// Task 1. Splits [0, n) into `parts` contiguous chunks, in order, whose sizes differ
/// by at most one (the larger ones first).
///
/// Never returns an empty chunk: with fewer indices than parts, it returns n chunks
/// of one index each, and none at all for n == 0.
/// @throws std::invalid_argument if `parts` is 0.
std::vector<Chunk> split_range(std::size_t n, unsigned parts);

/// Task 2. Calls `body(chunk)` once for each chunk of split_range(n, threads), each
/// chunk on its own std::thread, so that every index in [0, n) is visited exactly once;
/// returns when every call has finished.
///
/// The calling thread may run one of the chunks itself. If calls to `body` throw,
/// every thread is still joined, then the first exception is rethrown to the caller.
/// @throws std::invalid_argument if `threads` is 0.
void parallel_for(std::size_t n, unsigned threads, const std::function<void(Chunk)>& body);

/// Task 3. Returns term(0) + term(1) + ... + term(n - 1), computed on `threads` threads.
///
/// Each thread adds up its own chunk into its own partial sum; the partial sums are
/// added at the end. Floating-point addition is not associative, so the result may
/// differ from a serial loop's in the last digits.
/// @throws std::invalid_argument if `threads` is 0.
double parallel_sum(std::size_t n, unsigned threads, double (*term)(std::size_t));

}  // namespace lab01
