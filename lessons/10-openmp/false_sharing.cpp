/// @file false_sharing.cpp
/// @brief False sharing: per-thread counters side by side in one cache line are far slower than padded ones.
///
/// Each thread increments only its OWN counter: no data is shared, no race. But cores
/// keep memory in cache lines of 64 bytes, and a line can be written by one core at a
/// time. Counters 8 bytes apart sit in one line, which travels from core to core on
/// every write. Padding each counter to its own line (alignas(64)) removes that.
#include <omp.h>

#include <algorithm>
#include <cstdio>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

constexpr long kIncrements = 20'000'000;  // per thread
constexpr int kRuns = 3;

struct Packed {
    volatile long count = 0;  // volatile: every increment is a real load and store
};
struct alignas(64) Padded {  // one counter per 64-byte cache line
    volatile long count = 0;
};

template <class Counter>
double count_ms(Counter* counters, int threads) {
    return course::time_ms([&] {
#pragma omp parallel num_threads(threads)
        {
            Counter& mine = counters[omp_get_thread_num()];
            for (long i = 0; i < kIncrements; ++i) mine.count = mine.count + 1;
        }
    });
}

}  // namespace

int main() {
    const int threads = static_cast<int>(std::min(course::usable_cores(), 8u));
    Packed packed[8];
    Padded padded[8];
    std::printf("%d thread(s), each adding 1 to its own counter %ld times\n", threads, kIncrements);
    std::printf("  counters side by side: %zu bytes apart; padded: %zu bytes apart\n\n", sizeof(Packed),
                sizeof(Padded));

    double packed_ms = 1e300, padded_ms = 1e300;
    for (int run = 0; run < kRuns; ++run) {  // the fastest of 3 each, interleaved
        packed_ms = std::min(packed_ms, count_ms(packed, threads));
        padded_ms = std::min(padded_ms, count_ms(padded, threads));
    }
    std::printf("  side by side (one cache line): %7.1f ms\n", packed_ms);
    std::printf("  padded (a line each):          %7.1f ms\n", padded_ms);

    bool ok = true;
    for (int t = 0; t < threads; ++t)
        ok = ok && packed[t].count == kRuns * kIncrements && padded[t].count == kRuns * kIncrements;
    std::printf("\nCheck: every counter reached %d x %ld: %s\n", kRuns, kIncrements, ok ? "yes" : "NO");
    if (threads < 2)
        std::printf("With 1 thread there is no other core to steal the line: both layouts cost the same.\n");
    else if (packed_ms > 1.5 * padded_ms)
        std::printf("Side by side was %.1fx slower, though no thread ever read another's counter:\n"
                    "the cache line, not the data, was shared. That is false sharing.\n", packed_ms / padded_ms);
    else
        std::printf("The two layouts differed by only %.2fx this run (were the threads on one core?).\n",
                    packed_ms / padded_ms);
    return ok ? 0 : 1;
}
