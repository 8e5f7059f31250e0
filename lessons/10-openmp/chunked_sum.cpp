/// @file chunked_sum.cpp
/// @brief A chunked sum of a million numbers: serial, hand-written threads and OpenMP's reduction, timed.
///
/// The data-analysis example: a column of 999 999 numbers summed in chunks, one per
/// worker, and the partial sums added up. By hand that is chunk bounds, one partial sum
/// per thread and a join; with OpenMP it is `reduction(+ : total)`. Each version sums the
/// column 100 times per run (one pass takes well under a millisecond).
#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

constexpr int kPasses = 100;
constexpr int kRuns = 5;
using Column = std::vector<std::int64_t>;

[[gnu::noinline]] std::int64_t sum_serial(const Column& data, unsigned) {
    std::int64_t total = 0;
    for (std::int64_t x : data) total += x;
    return total;
}

[[gnu::noinline]] std::int64_t sum_threads(const Column& data, unsigned threads) {
    std::vector<std::int64_t> partial(threads, 0);  // one slot per chunk: no two threads share a sum
    auto chunk = [&](unsigned k) {
        const std::size_t begin = data.size() * k / threads, end = data.size() * (k + 1) / threads;
        std::int64_t sum = 0;  // a local, so the loop never writes to memory another thread reads
        for (std::size_t i = begin; i < end; ++i) sum += data[i];
        partial[k] = sum;
    };
    {
        std::vector<std::jthread> workers;
        for (unsigned k = 1; k < threads; ++k) workers.emplace_back(chunk, k);
        chunk(0);
    }  // every jthread joined here
    return std::accumulate(partial.begin(), partial.end(), std::int64_t{0});
}

[[gnu::noinline]] std::int64_t sum_openmp(const Column& data, unsigned threads) {
    std::int64_t total = 0;
    const std::size_t n = data.size();
#pragma omp parallel for reduction(+ : total) num_threads(threads)
    for (std::size_t i = 0; i < n; ++i) total += data[i];
    return total;
}

}  // namespace

int main() {
    const unsigned threads = course::usable_cores();
    Column data(999'999);
    std::iota(data.begin(), data.end(), std::int64_t{1});  // 1 .. 999 999
    const std::int64_t expected = 999'999LL * 1'000'000LL / 2;  // Gauss: n(n+1)/2

    struct Version {
        const char* name;
        std::int64_t (*sum)(const Column&, unsigned);
        std::vector<double> ms;
        std::int64_t result;
    };
    std::vector<Version> versions{{"serial loop", sum_serial, {}, 0},
                                  {"std::jthread chunks", sum_threads, {}, 0},
                                  {"OpenMP reduction", sum_openmp, {}, 0}};
    std::printf("sum of 1 .. %zu, %d passes per run, %u thread(s) for the parallel versions\n\n", data.size(),
                kPasses, threads);
    for (auto& v : versions) v.result = v.sum(data, threads);  // warm-up, and the answer to check
    for (int run = 0; run < kRuns; ++run)
        for (auto& v : versions)
            v.ms.push_back(course::time_ms([&] {
                std::int64_t sink = 0;
                for (int pass = 0; pass < kPasses; ++pass) sink += v.sum(data, threads);
                course::keep(sink);
            }));

    const auto best = [](const Version& v) { return *std::min_element(v.ms.begin(), v.ms.end()); };
    std::printf("%-22s %10s %9s %16s\n", "version", "best", "speedup", "sum");
    for (const auto& v : versions)
        std::printf("%-22s %7.1f ms %8.2fx %16lld\n", v.name, best(v), best(versions[0]) / best(v),
                    static_cast<long long>(v.result));

    bool same = true;
    for (const auto& v : versions) same = same && v.result == expected;
    std::printf("\nCheck: every version gives n(n+1)/2 = %lld exactly: %s\n", static_cast<long long>(expected),
                same ? "yes" : "NO");
    const double openmp = best(versions[0]) / best(versions[2]);
    if (threads < 2)
        std::printf("Only 1 usable core here, so no version can be faster than the serial loop.\n");
    else if (openmp >= 0.9 * threads)
        std::printf("OpenMP ran %.2fx as fast on %u cores: the 8 MB column stayed in the cache.\n", openmp, threads);
    else
        std::printf("OpenMP ran %.2fx as fast on %u cores, short of %ux. One addition per number is\n"
                    "so little work that fetching the numbers from memory sets the pace, and more\n"
                    "cores do not fetch much faster (or other programs were busy: run it again).\n",
                    openmp, threads, threads);
    return same ? 0 : 1;
}
