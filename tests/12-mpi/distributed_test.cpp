// Graded tests for lab 12 (MPI). Points are declared beside each test.
//
// The grader runs every test as 1, 2 and 3 MPI processes; a test earns its points only if
// it passes at every count. Each test calls the student's function on every rank, gathers
// what each rank saw to rank 0, and asserts there only (see mpi_world.hpp for why).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "distributed.hpp"
#include "grading/graded_test.hpp"
#include "mpi_world.hpp"

using mpi_world::gather;
using mpi_world::per_rank;
using mpi_world::rank;

namespace {

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.10f", value);
    return text;
}

// ---- the integral: what f saw on this rank -----------------------------------------

// Records every point f is evaluated at on this process. A mutex, in case a student's
// solution also uses threads inside a rank.
struct Probe {
    std::mutex mutex;
    long long calls = 0;
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -std::numeric_limits<double>::infinity();

    void reset() {
        std::lock_guard lock(mutex);
        calls = 0;
        lowest = std::numeric_limits<double>::infinity();
        highest = -std::numeric_limits<double>::infinity();
    }
    void record(double x) {
        std::lock_guard lock(mutex);
        ++calls;
        lowest = std::min(lowest, x);
        highest = std::max(highest, x);
    }
};
Probe probe;

struct Integrand {
    const char* name;
    double (*f)(double);
    double a;
    double b;
};

const Integrand integrands[] = {
    {"x^2 on [0, 1]", [](double x) { return x * x; }, 0.0, 1.0},
    {"4 / (1 + x^2) on [0, 1]", [](double x) { return 4.0 / (1.0 + x * x); }, 0.0, 1.0},
    {"sin(x) on [0, pi]", [](double x) { return std::sin(x); }, 0.0, 3.14159265358979323846},
    {"exp(-x) on [-1, 2]", [](double x) { return std::exp(-x); }, -1.0, 2.0},
};

// Interval counts below, at and above the rank count, and primes no rank count divides.
const std::size_t interval_counts[] = {1, 2, 3, 7, 1000, 100'003};

std::function<double(double)> probed(double (*f)(double)) {
    return [f](double x) {
        probe.record(x);
        return f(x);
    };
}

// The midpoint rule, serially, in the test: what every rank count must reproduce.
double serial_integral(const Integrand& in, std::size_t n) {
    const double h = (in.b - in.a) / static_cast<double>(n);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += in.f(in.a + (static_cast<double>(i) + 0.5) * h);
    return sum * h;
}

bool close(double got, double want) {  // the ranks add in another order: allow rounding
    return std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want));
}

// Why rank 0's integral is wrong, from what every rank returned and evaluated.
std::string explain_integral(const std::vector<double>& values, const std::vector<long long>& calls,
                             std::size_t n, double want) {
    for (std::size_t r = 1; r < values.size(); ++r)
        if (close(values[r], want))
            return "the integral arrived on rank " + std::to_string(r) + " instead: the root of MPI_Reduce must be rank 0.";
    const long long total = std::accumulate(calls.begin(), calls.end(), 0LL);
    if (total != static_cast<long long>(n))
        return "f was evaluated at " + std::to_string(total) + " midpoints in all instead of n = " + std::to_string(n) +
               " (" + per_rank(calls) + "): every midpoint must be summed exactly once.";
    return "midpoints evaluated by " + per_rank(calls) + ".";
}

// ---- the word count: a text and its serial count ------------------------------------------

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::size_t serial_words(std::string_view text) {
    std::size_t words = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!is_space(text[i]) && (i == 0 || is_space(text[i - 1]))) ++words;
    return words;
}

bool cut_allowed(std::string_view text, std::size_t p) {
    return p == 0 || p >= text.size() || is_space(text[p - 1]) || is_space(text[p]);
}

std::string word_at(std::string_view text, std::size_t p) {
    std::size_t begin = p, end = p;
    while (begin > 0 && !is_space(text[begin - 1])) --begin;
    while (end < text.size() && !is_space(text[end])) ++end;
    return std::string(text.substr(begin, end - begin));
}

// Words of 1 to 12 letters between varied whitespace, with whitespace at both ends; made
// by a fixed pseudo-random sequence, so every rank and every run sees the same text. Its
// length is a multiple of neither 2 nor 3, so no rank count splits it evenly.
constexpr std::size_t longest_word = 12;
std::string make_text(std::size_t words) {
    std::uint32_t state = 12345;
    auto next = [&] { return state = state * 1664525u + 1013904223u, state >> 8; };
    const char* separators[] = {" ", " ", " ", " ", "\n", "  ", "\t", " \n "};
    std::string text = "  ";
    for (std::size_t w = 0; w < words; ++w) {
        const std::size_t length = 1 + next() % longest_word;
        for (std::size_t i = 0; i < length; ++i) text += static_cast<char>('a' + next() % 26);
        text += separators[next() % 8];
    }
    while (text.size() % 2 == 0 || text.size() % 3 == 0) text += 'z';  // one word longer at the end
    return text;
}

const std::string long_text = make_text(5000);

// Why rank 0's word count is wrong, from what every rank received and counted.
std::string explain_count(std::string_view text, const std::vector<lab12::WordCount>& results,
                          std::size_t want) {
    std::size_t received = 0;
    for (const auto& result : results) received += result.my_chars;
    if (received != text.size())
        return "the ranks received " + std::to_string(received) + " characters in all, but the text has " +
               std::to_string(text.size()) + ": the counts given to MPI_Scatterv must add up to the text's length.";
    std::size_t offset = 0;
    for (std::size_t r = 0; r + 1 < results.size(); ++r) {
        offset += results[r].my_chars;
        if (!cut_allowed(text, offset))
            return "the chunks of rank " + std::to_string(r) + " and rank " + std::to_string(r + 1) +
                   " meet inside the word \"" + word_at(text, offset) + "\" (offset " + std::to_string(offset) +
                   "), so both count a piece of it: cut the text only next to whitespace.";
    }
    for (std::size_t r = 1; r < results.size(); ++r)
        if (results[r].words == want)
            return "the total arrived on rank " + std::to_string(r) + " instead: the root of MPI_Reduce must be rank 0.";
    std::vector<std::size_t> words;
    for (const auto& result : results) words.push_back(result.my_words);
    return "words counted by " + per_rank(words) + ".";
}

}  // namespace

// ---- Task 1: share_of ----------------------------------------------------------------

GRADED_TEST(ShareOf, SharesCoverTheRangeInOrder, 1, 2) {
    const lab12::Range expected[] = {{0, 3}, {3, 6}, {6, 8}, {8, 10}};
    for (int r = 0; r < 4; ++r)
        EXPECT_EQ(lab12::share_of(10, r, 4), expected[r])
            << "share_of(10, " << r << ", 4) should be [" << expected[r].begin << ", " << expected[r].end << ")";
    for (std::size_t n = 0; n <= 40; ++n) {
        for (int ranks = 1; ranks <= 9; ++ranks) {
            std::size_t next = 0;
            const std::size_t largest = lab12::share_of(n, 0, ranks).size();
            for (int r = 0; r < ranks; ++r) {
                const lab12::Range share = lab12::share_of(n, r, ranks);
                ASSERT_EQ(share.begin, next) << "shares must be contiguous and in rank order: share_of(" << n << ", "
                                             << r << ", " << ranks << ") begins at " << share.begin;
                ASSERT_LE(share.begin, share.end) << "share_of(" << n << ", " << r << ", " << ranks << ")";
                ASSERT_LE(share.size(), largest) << "the larger shares come first: n=" << n << " ranks=" << ranks;
                ASSERT_GE(share.size() + 1, largest) << "share sizes must differ by at most one: n=" << n
                                                     << " ranks=" << ranks;
                next = share.end;
            }
            ASSERT_EQ(next, n) << "the shares must cover [0, n) exactly: n=" << n << " ranks=" << ranks;
        }
    }
}

GRADED_TEST(ShareOf, RejectsImpossibleRanks, 1, 1) {
    EXPECT_THROW(lab12::share_of(5, 0, 0), std::invalid_argument) << "zero ranks";
    EXPECT_THROW(lab12::share_of(5, 3, 3), std::invalid_argument) << "rank 3 of 3 does not exist";
    EXPECT_THROW(lab12::share_of(5, -1, 3), std::invalid_argument) << "rank -1 does not exist";
    EXPECT_EQ(lab12::share_of(2, 2, 3).size(), 0u) << "with 2 indices and 3 ranks, rank 2 owns nothing";
}

// ---- Task 2: integrate (MPI_Reduce) ---------------------------------------------------

GRADED_TEST(Integrate, MatchesTheSerialIntegral, 2, 3) {
    for (const Integrand& in : integrands) {
        for (std::size_t n : interval_counts) {
            probe.reset();
            const double got = lab12::integrate(probed(in.f), in.a, in.b, n, MPI_COMM_WORLD);
            const auto values = gather(got);
            const auto calls = gather(probe.calls);
            if (rank() != 0) continue;
            const double want = serial_integral(in, n);
            EXPECT_TRUE(close(values[0], want))
                << "rank 0 got the wrong integral of " << in.name << " with n = " << n << ": "
                << number(values[0]) << " instead of " << number(want) << "; "
                << explain_integral(values, calls, n, want);
        }
    }
}

GRADED_TEST(Integrate, EveryRankEvaluatesItsShare, 2, 2) {
    const std::size_t n = 10'007;  // a prime: every rank count leaves a remainder
    probe.reset();
    lab12::integrate(probed(integrands[0].f), 0.0, 1.0, n, MPI_COMM_WORLD);
    const auto calls = gather(probe.calls);
    const auto lowest = gather(probe.lowest);
    const auto highest = gather(probe.highest);
    if (rank() != 0) return;
    const long long total = std::accumulate(calls.begin(), calls.end(), 0LL);
    for (std::size_t r = 0; r < calls.size(); ++r)
        ASSERT_GT(calls[r], 0) << "rank " << r << " evaluated f at no midpoint"
                               << ": every rank, rank 0 included, must integrate its own share; "
                               << per_rank(calls) << " (n = " << n << ")";
    ASSERT_EQ(total, static_cast<long long>(n))
        << "f was evaluated at " << total << " midpoints in all, but n = " << n
        << ": every midpoint exactly once, by the rank that owns it; " << per_rank(calls);
    const auto [fewest, most] = std::minmax_element(calls.begin(), calls.end());
    EXPECT_LE(*most - *fewest, 1) << "the ranks' shares must differ by at most one interval"
                                  << ": " << per_rank(calls);
    for (std::size_t r = 0; r + 1 < calls.size(); ++r)
        EXPECT_LT(highest[r], lowest[r + 1])
            << "the shares must be contiguous and in rank order" << ": rank " << r
            << " evaluated f up to x = " << number(highest[r]) << ", but rank " << r + 1 << " from x = "
            << number(lowest[r + 1]);
}

// ---- Task 3: integrate_everywhere (MPI_Allreduce) ------------------------------------------

GRADED_TEST(IntegrateEverywhere, EveryRankGetsTheIntegral, 3, 3) {
    for (const Integrand& in : integrands) {
        for (std::size_t n : interval_counts) {
            probe.reset();
            const double got = lab12::integrate_everywhere(probed(in.f), in.a, in.b, n, MPI_COMM_WORLD);
            const auto values = gather(got);
            const auto calls = gather(probe.calls);
            if (rank() != 0) continue;
            const double want = serial_integral(in, n);
            for (std::size_t r = 0; r < values.size(); ++r)
                EXPECT_TRUE(close(values[r], want))
                    << "rank " << r << " got the wrong integral of " << in.name << " with n = " << n
                    << ": " << number(values[r]) << " instead of " << number(want)
                    << "; every rank must receive the sum of all the shares; midpoints evaluated by "
                    << per_rank(calls) << ".";
            const long long total = std::accumulate(calls.begin(), calls.end(), 0LL);
            EXPECT_EQ(total, static_cast<long long>(n))
                << "f was evaluated at " << total << " midpoints in all, but n = " << n
                << ": each rank must evaluate only its own share; " << per_rank(calls);
        }
    }
}

// ---- Task 4: split_at_words --------------------------------------------------------------

GRADED_TEST(SplitAtWords, NeverCutsAWord, 4, 2) {
    const std::string texts[] = {"", "word", "two words", "   ", " a bb ccc dddd eeeee ", "x\ty\nz", long_text};
    for (const std::string& text : texts) {
        for (int parts = 1; parts <= 8; ++parts) {
            const auto lengths = lab12::split_at_words(text, parts);
            const std::string call = "split_at_words(a text of " + std::to_string(text.size()) + " characters, " +
                                     std::to_string(parts) + ")";
            ASSERT_EQ(lengths.size(), static_cast<std::size_t>(parts)) << call << " must return one length per part";
            std::size_t offset = 0;
            for (std::size_t k = 0; k + 1 < lengths.size(); ++k) {
                offset += lengths[k];
                ASSERT_TRUE(offset > text.size() || cut_allowed(text, offset))
                    << call << " cuts the word \"" << word_at(text, offset) << "\" in two at offset " << offset
                    << ": a cut must lie next to whitespace";
            }
            offset += lengths.back();
            ASSERT_EQ(offset, text.size()) << call << ": the lengths must add up to the text's length";
        }
    }
    EXPECT_THROW(lab12::split_at_words("a b", 0), std::invalid_argument) << "zero parts";
}

GRADED_TEST(SplitAtWords, CutsNearEqualShares, 4, 1) {
    for (int parts = 1; parts <= 8; ++parts) {
        const auto lengths = lab12::split_at_words(long_text, parts);
        ASSERT_EQ(lengths.size(), static_cast<std::size_t>(parts));
        std::size_t offset = 0;
        for (int k = 1; k < parts; ++k) {
            offset += lengths[static_cast<std::size_t>(k - 1)];
            const std::size_t aim = static_cast<std::size_t>(k) * long_text.size() / static_cast<std::size_t>(parts);
            const std::size_t distance = offset > aim ? offset - aim : aim - offset;
            EXPECT_LE(distance, 3 * longest_word)
                << "cut " << k << " of split_at_words(a text of " << long_text.size() << " characters, " << parts
                << ") is at offset " << offset << ", far from " << aim
                << " (k * size / parts): the chunks should be about equal, give or take a word";
        }
    }
}

// ---- Task 5: count_words (MPI_Scatterv + MPI_Reduce) -------------------------------------

GRADED_TEST(CountWords, MatchesTheSerialCount, 5, 3) {
    const std::string texts[] = {long_text, "", "word", " \n\t ", "a b c d e f g", "  lead and trail  "};
    for (const std::string& text : texts) {
        // Only rank 0 has the text; the others pass a decoy their ranks must ignore.
        const std::string& mine = rank() == 0 ? text : std::string("decoy that only rank 0 may read");
        const lab12::WordCount result = lab12::count_words(mine, MPI_COMM_WORLD);
        const auto results = gather(result);
        if (rank() != 0) continue;
        const std::size_t want = serial_words(text);
        std::size_t received = 0;
        for (const auto& result : results) received += result.my_chars;
        EXPECT_EQ(received, text.size())
            << "the ranks received " << received << " characters in all, but the text has " << text.size()
            << ": the counts given to MPI_Scatterv must add up to the text's length";
        EXPECT_EQ(results[0].words, want)
            << "rank 0 counted " << results[0].words << " words in a text of " << text.size()
            << " characters that has " << want << "; " << explain_count(text, results, want);
    }
}

GRADED_TEST(CountWords, EveryRankCountsAShare, 5, 3) {
    const std::string decoy = "decoy";
    const lab12::WordCount result = lab12::count_words(rank() == 0 ? long_text : decoy, MPI_COMM_WORLD);
    const auto results = gather(result);
    if (rank() != 0) return;
    std::size_t received = 0, counted = 0;
    std::vector<std::size_t> chars;
    for (std::size_t r = 0; r < results.size(); ++r) {
        EXPECT_GT(results[r].my_chars, 0u) << "rank " << r << " received no characters of a text of "
                                           << long_text.size()
                                           << ": every rank, rank 0 included, must count its own chunk";
        received += results[r].my_chars;
        counted += results[r].my_words;
        chars.push_back(results[r].my_chars);
    }
    EXPECT_EQ(received, long_text.size())
        << "the ranks received " << received << " characters in all, but the text has " << long_text.size()
        << ": the counts given to MPI_Scatterv must add up to the text's length; "
        << per_rank(chars);
    EXPECT_EQ(counted, results[0].words) << "the words the ranks counted in their chunks add up to " << counted
                                         << ", but rank 0 reports " << results[0].words << " in all";
}
