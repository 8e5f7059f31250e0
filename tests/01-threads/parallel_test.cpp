// Graded tests for lab 01 (plain threads). Points are declared beside each test.
#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "grading/concurrency_probe.hpp"
#include "grading/graded_test.hpp"
#include "parallel.hpp"

using lab01::Chunk;

namespace {

// Checks the whole contract of split_range for one (n, parts).
void expect_valid_split(std::size_t n, unsigned parts) {
    const auto chunks = lab01::split_range(n, parts);
    ASSERT_EQ(chunks.size(), std::min<std::size_t>(n, parts)) << "n=" << n << " parts=" << parts;
    std::size_t next = 0;
    for (const Chunk& chunk : chunks) {
        EXPECT_EQ(chunk.begin, next) << "chunks must be contiguous and in order; n=" << n << " parts=" << parts;
        EXPECT_GT(chunk.size(), 0u) << "no chunk may be empty; n=" << n << " parts=" << parts;
        EXPECT_LE(chunk.size(), chunks.front().size()) << "the larger chunks come first";
        EXPECT_GE(chunk.size() + 1, chunks.front().size()) << "sizes differ by at most one";
        next = chunk.end;
    }
    EXPECT_EQ(next, n) << "the chunks must cover [0, n); n=" << n << " parts=" << parts;
}

}  // namespace

// ---- Task 1: split_range ---------------------------------------------------------

GRADED_TEST(SplitRange, SplitsEvenly, 1, 1) {
    const std::vector<Chunk> expected{{0, 4}, {4, 8}, {8, 12}};
    EXPECT_EQ(lab01::split_range(12, 3), expected);
}

GRADED_TEST(SplitRange, UnevenSizesDifferByAtMostOne, 1, 1) {
    const std::vector<Chunk> expected{{0, 3}, {3, 6}, {6, 8}, {8, 10}};
    EXPECT_EQ(lab01::split_range(10, 4), expected);
    for (std::size_t n = 0; n <= 40; ++n)
        for (unsigned parts = 1; parts <= 9; ++parts) expect_valid_split(n, parts);
}

GRADED_TEST(SplitRange, NeverReturnsEmptyChunks, 1, 1) {
    EXPECT_TRUE(lab01::split_range(0, 4).empty()) << "nothing to split gives no chunks";
    const std::vector<Chunk> ones{{0, 1}, {1, 2}, {2, 3}};
    EXPECT_EQ(lab01::split_range(3, 8), ones) << "more parts than indices gives one index per chunk";
    EXPECT_THROW(lab01::split_range(5, 0), std::invalid_argument);
}

// ---- Task 2: parallel_for --------------------------------------------------------

GRADED_TEST(ParallelFor, VisitsEveryIndexExactlyOnce, 2, 2) {
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        const std::size_t n = 10'007;  // a prime, so no thread count divides it evenly
        std::vector<std::atomic<int>> visits(n);
        lab01::parallel_for(n, threads, [&](Chunk chunk) {
            for (std::size_t i = chunk.begin; i < chunk.end; ++i) visits[i].fetch_add(1);
        });
        for (std::size_t i = 0; i < n; ++i)
            ASSERT_EQ(visits[i].load(), 1) << "index " << i << " visited " << visits[i] << " times with "
                                           << threads << " threads";
    }
}

GRADED_TEST(ParallelFor, HandlesEmptyRangesAndSurplusThreads, 2, 1) {
    std::atomic<int> calls{0};
    lab01::parallel_for(0, 4, [&](Chunk) { ++calls; });
    EXPECT_EQ(calls, 0) << "an empty range must not call the body";
    lab01::parallel_for(3, 8, [&](Chunk chunk) { calls += static_cast<int>(chunk.size()); });
    EXPECT_EQ(calls, 3) << "3 indices on 8 threads: each index once";
    EXPECT_THROW(lab01::parallel_for(3, 0, [](Chunk) {}), std::invalid_argument);
}

GRADED_TEST(ParallelFor, RunsTheChunksAtTheSameTime, 2, 3) {
    // Four chunks that each wait for the other three: they can only all meet if
    // they really run at the same time, on four threads.
    grading::ConcurrencyProbe probe;
    std::atomic<int> met{0};
    lab01::parallel_for(4, 4, [&](Chunk) { met += probe.rendezvous(4); });
    EXPECT_EQ(probe.high_water_mark(), 4) << "the chunks ran one after another, not at the same time";
    EXPECT_EQ(met, 4);
}

GRADED_TEST(ParallelFor, RethrowsAfterJoiningEveryThread, 2, 1) {
    std::atomic<int> finished{0};
    auto body = [&](Chunk chunk) {
        if (chunk.begin == 0) throw std::runtime_error("chunk 0 failed");
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // still busy when chunk 0 throws
        ++finished;
    };
    EXPECT_THROW(lab01::parallel_for(4, 4, body), std::runtime_error);
    EXPECT_EQ(finished, 3) << "parallel_for returned before every thread had finished";
}

// ---- Task 3: parallel_sum --------------------------------------------------------

namespace {
// Whole numbers add exactly in a double, in any order, so the sum is exact.
double small_whole_number(std::size_t i) { return static_cast<double>(i % 7); }

double expected_sum(std::size_t n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += small_whole_number(i);
    return sum;
}

grading::ConcurrencyProbe* sum_probe = nullptr;  // term() takes no context, so it reads this
double meeting_term(std::size_t) {
    sum_probe->rendezvous(4);
    return 1.0;
}
}  // namespace

GRADED_TEST(ParallelSum, MatchesTheSerialSum, 3, 2) {
    const std::size_t n = 1'000'003;
    for (unsigned threads : {1u, 2u, 3u, 4u, 7u})
        EXPECT_EQ(lab01::parallel_sum(n, threads, small_whole_number), expected_sum(n)) << threads << " threads";
}

GRADED_TEST(ParallelSum, HandlesEdgeCases, 3, 1) {
    EXPECT_EQ(lab01::parallel_sum(0, 4, small_whole_number), 0.0) << "the empty sum is 0";
    EXPECT_EQ(lab01::parallel_sum(1, 4, small_whole_number), 0.0);
    EXPECT_EQ(lab01::parallel_sum(5, 16, small_whole_number), 10.0) << "more threads than terms";
    EXPECT_THROW(lab01::parallel_sum(5, 0, small_whole_number), std::invalid_argument);
}

GRADED_TEST(ParallelSum, SumsTheChunksAtTheSameTime, 3, 1) {
    grading::ConcurrencyProbe probe;
    sum_probe = &probe;
    EXPECT_EQ(lab01::parallel_sum(4, 4, meeting_term), 4.0);
    EXPECT_EQ(probe.high_water_mark(), 4) << "the four chunks were not summed at the same time";
}
