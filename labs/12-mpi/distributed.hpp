/// @file distributed.hpp
/// @brief Lab 12: an integral and a word count shared out over MPI ranks.
///
/// The contract of lab 12. You write the bodies in distributed.cpp; this header is what
/// the graded tests call. The tests start the same program as 1, 2 and 3 processes
/// (`mpiexec -n 1|2|3`) and call each function on every rank at once.
///
/// Rules that hold for every function here:
/// - MPI is already initialised: never call MPI_Init or MPI_Finalize yourself.
/// - A function that takes a communicator is *collective*: every rank of `comm` calls it,
///   with the same arguments unless a parameter says otherwise, and it returns only
///   after this rank's part of the communication is done.
/// - The functions without a communicator send nothing: they are plain C++.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lab12 {

/// A half-open range of indices, [begin, end).
struct Range {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t size() const { return end - begin; }
    bool operator==(const Range&) const = default;
};

/// Task 1. The share of [0, n) that rank `rank` of `ranks` owns.
///
/// The shares are contiguous and in rank order (rank 0 owns the first indices), together
/// they cover [0, n) exactly once, and their sizes differ by at most one, the larger ones
/// first: share_of(10, r, 4) is [0,3) [3,6) [6,8) [8,10) for r = 0, 1, 2, 3. With fewer
/// indices than ranks, the last ranks own empty ranges (begin == end).
/// @throws std::invalid_argument if `ranks` < 1 or `rank` is not in [0, ranks).
Range share_of(std::size_t n, int rank, int ranks);

/// Task 2. The integral of `f` over [a, b] by the midpoint rule with n intervals:
/// h = (b - a) / n, and the sum of f(a + (i + 0.5) * h) * h for i in [0, n).
///
/// Collective over `comm`, whose ranks all pass the same f, a, b and n (n >= 1). Rank r
/// evaluates `f` once at each midpoint of the intervals in share_of(n, r, size of comm),
/// and at no other point; the partial sums meet on rank 0 through MPI_Reduce.
/// @return the integral on rank 0. On the other ranks the value means nothing (the
///         reference solution returns 0.0 there).
double integrate(const std::function<double(double)>& f, double a, double b, std::size_t n,
                 MPI_Comm comm);

/// Task 3. The same integral, shared out the same way, but every rank gets the answer:
/// the partial sums are combined with MPI_Allreduce.
/// @return the integral, on every rank.
double integrate_everywhere(const std::function<double(double)>& f, double a, double b,
                            std::size_t n, MPI_Comm comm);

/// Task 4. Cuts `text` into `parts` consecutive chunks without cutting a word in two, and
/// returns their lengths (parts numbers that add up to text.size()).
///
/// A word is a maximal run of characters that are not whitespace (std::isspace in the "C"
/// locale: space, \\t, \\n, \\v, \\f, \\r). A cut at offset p (0 < p < text.size()) is
/// allowed only if text[p - 1] or text[p] is whitespace. Aim each cut k (k = 1 .. parts-1)
/// at offset k * text.size() / parts and move it forward to the first allowed offset (or
/// to the end of the text): so each chunk is about text.size() / parts long, give or take
/// the length of a word. Chunks may be empty (an empty text, or fewer words than parts).
/// @throws std::invalid_argument if `parts` < 1.
std::vector<std::size_t> split_at_words(std::string_view text, int parts);

/// What count_words returns on each rank.
struct WordCount {
    std::size_t words = 0;     ///< on rank 0: the words in the whole text (elsewhere: anything)
    std::size_t my_chars = 0;  ///< the characters of the text this rank received
    std::size_t my_words = 0;  ///< the words this rank counted in them
};

/// Task 5. Counts the words of a text that only rank 0 has, with every rank's help.
///
/// Collective over `comm`. Rank 0 passes the text (at most 2^31 - 1 characters, since MPI
/// counts are `int`); every other rank passes anything (an empty string) and must ignore
/// it. Rank 0 cuts the text with split_at_words(text, size of comm), sends each rank its
/// chunk (MPI_Scatterv), every rank, rank 0 included, counts the words in its own chunk,
/// and the counts meet on rank 0 (MPI_Reduce).
WordCount count_words(const std::string& text, MPI_Comm comm);

}  // namespace lab12
