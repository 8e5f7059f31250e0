// Lab 12, reference solution.
#include "distributed.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <stdexcept>

namespace lab12 {

namespace {

int rank_in(MPI_Comm comm) {
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    return rank;
}

int size_of(MPI_Comm comm) {
    int size = 0;
    MPI_Comm_size(comm, &size);
    return size;
}

// This rank's part of the midpoint sum: f at the midpoints of its own intervals only.
// Every rank, rank 0 included, does its share; nobody waits idle for the others.
double my_partial_sum(const std::function<double(double)>& f, double a, double b, std::size_t n,
                      MPI_Comm comm) {
    const Range mine = share_of(n, rank_in(comm), size_of(comm));
    const double h = (b - a) / static_cast<double>(n);
    double sum = 0.0;
    for (std::size_t i = mine.begin; i < mine.end; ++i)
        sum += f(a + (static_cast<double>(i) + 0.5) * h);
    return sum * h;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Words in a chunk: count the positions where a word starts.
std::size_t words_in(std::string_view chunk) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : chunk) {
        if (!is_space(c) && !in_word) ++words;
        in_word = !is_space(c);
    }
    return words;
}

}  // namespace

Range share_of(std::size_t n, int rank, int ranks) {
    if (ranks < 1) throw std::invalid_argument("share_of: ranks must be at least 1");
    if (rank < 0 || rank >= ranks) throw std::invalid_argument("share_of: rank must be in [0, ranks)");
    const auto r = static_cast<std::size_t>(rank);
    const auto p = static_cast<std::size_t>(ranks);
    // The first n % p ranks take one extra index; everyone before rank r took
    // n / p each, plus one for each of them that is among the first n % p.
    const std::size_t base = n / p;
    const std::size_t extra = n % p;
    const std::size_t begin = r * base + std::min(r, extra);
    return {begin, begin + base + (r < extra ? 1 : 0)};
}

double integrate(const std::function<double(double)>& f, double a, double b, std::size_t n,
                 MPI_Comm comm) {
    const double partial = my_partial_sum(f, a, b, n, comm);
    double total = 0.0;  // written on the root only; the other ranks keep (and return) 0.0
    MPI_Reduce(&partial, &total, 1, MPI_DOUBLE, MPI_SUM, /*root=*/0, comm);
    return total;
}

double integrate_everywhere(const std::function<double(double)>& f, double a, double b,
                            std::size_t n, MPI_Comm comm) {
    const double partial = my_partial_sum(f, a, b, n, comm);
    double total = 0.0;
    MPI_Allreduce(&partial, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
    return total;
}

std::vector<std::size_t> split_at_words(std::string_view text, int parts) {
    if (parts < 1) throw std::invalid_argument("split_at_words: parts must be at least 1");
    const std::size_t size = text.size();
    auto allowed = [&](std::size_t p) { return p == size || is_space(text[p - 1]) || is_space(text[p]); };
    std::vector<std::size_t> lengths;
    lengths.reserve(static_cast<std::size_t>(parts));
    std::size_t previous = 0;
    for (int k = 1; k <= parts; ++k) {
        // Aim at the k-th equal share, never behind the previous cut, then move forward
        // until the cut falls next to whitespace (or reaches the end of the text).
        std::size_t cut = std::max(previous, static_cast<std::size_t>(k) * size / static_cast<std::size_t>(parts));
        while (cut > 0 && !allowed(cut)) ++cut;
        lengths.push_back(cut - previous);
        previous = cut;
    }
    return lengths;
}

WordCount count_words(const std::string& text, MPI_Comm comm) {
    const int rank = rank_in(comm);
    const int size = size_of(comm);

    // Rank 0 decides the chunks; MPI counts and offsets are ints.
    std::vector<int> counts;
    std::vector<int> offsets;
    if (rank == 0) {
        if (text.size() > static_cast<std::size_t>(INT_MAX))
            throw std::length_error("count_words: the text is longer than an MPI count can say");
        int offset = 0;
        for (std::size_t length : split_at_words(text, size)) {
            counts.push_back(static_cast<int>(length));
            offsets.push_back(offset);
            offset += static_cast<int>(length);
        }
    }

    // First each rank learns how long its chunk is, then receives exactly that many chars.
    int my_count = 0;
    MPI_Scatter(counts.data(), 1, MPI_INT, &my_count, 1, MPI_INT, /*root=*/0, comm);
    std::string chunk(static_cast<std::size_t>(my_count), '\0');
    MPI_Scatterv(text.data(), counts.data(), offsets.data(), MPI_CHAR, chunk.data(), my_count, MPI_CHAR,
                 /*root=*/0, comm);

    WordCount result;
    result.my_chars = chunk.size();
    result.my_words = words_in(chunk);
    // MPI has no datatype named for std::size_t; unsigned long long holds any count here.
    const auto mine = static_cast<unsigned long long>(result.my_words);
    unsigned long long total = 0;
    MPI_Reduce(&mine, &total, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, /*root=*/0, comm);
    if (rank == 0) result.words = static_cast<std::size_t>(total);
    return result;
}

}  // namespace lab12
