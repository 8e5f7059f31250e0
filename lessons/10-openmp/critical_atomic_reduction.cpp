/// @file critical_atomic_reduction.cpp
/// @brief Three correct ways to add into one total from many threads: critical, atomic and reduction, timed.
///
/// `critical` lets one thread at a time into a block (a lock); `atomic` makes one update
/// indivisible in hardware; `reduction` gives each thread a private total and combines
/// them once. All three are correct. They differ in how often the threads must take
/// turns: on every addition for the first two, once per thread for the last.
#include <omp.h>

#include <algorithm>
#include <cstdio>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

constexpr long kCount = 4'000'000;
constexpr int kRuns = 3;

long with_critical(int threads) {
    long total = 0;
#pragma omp parallel for num_threads(threads)
    for (long i = 0; i < kCount; ++i) {
#pragma omp critical
        total += i % 3;
    }
    return total;
}

long with_atomic(int threads) {
    long total = 0;
#pragma omp parallel for num_threads(threads)
    for (long i = 0; i < kCount; ++i) {
#pragma omp atomic
        total += i % 3;
    }
    return total;
}

long with_reduction(int threads) {
    long total = 0;
#pragma omp parallel for reduction(+ : total) num_threads(threads)
    for (long i = 0; i < kCount; ++i) total += i % 3;
    return total;
}

}  // namespace

int main() {
    const int threads = static_cast<int>(course::usable_cores());
    long expected = 0;
    for (long i = 0; i < kCount; ++i) expected += i % 3;

    struct Way {
        const char* name;
        long (*run)(int);
        double best_ms;
        long result;
    };
    Way ways[] = {{"#pragma omp critical", with_critical, 1e300, 0},
                  {"#pragma omp atomic", with_atomic, 1e300, 0},
                  {"reduction(+ : total)", with_reduction, 1e300, 0}};
    for (int run = 0; run < kRuns; ++run)  // the fastest of 3 each, interleaved
        for (Way& way : ways) way.best_ms = std::min(way.best_ms, course::time_ms([&] { way.result = way.run(threads); }));

    std::printf("%ld additions into one total on %d thread(s):\n", kCount, threads);
    bool ok = true;
    for (const Way& way : ways) {
        std::printf("  %-22s %8.1f ms  %6.1f ns per addition  total %ld\n", way.name, way.best_ms,
                    way.best_ms * 1e6 / kCount, way.result);
        ok = ok && way.result == expected;
    }
    std::printf("\nCheck: all three totals equal the serial loop's %ld: %s\n", expected, ok ? "yes" : "NO");
    const double critical = ways[0].best_ms, atomic = ways[1].best_ms, reduction = ways[2].best_ms;
    if (reduction < atomic && atomic < critical)
        std::printf("reduction was %.1fx faster than atomic, and atomic %.1fx faster than critical: the\n"
                    "fewer times threads must take turns on shared data, the faster.\n",
                    atomic / reduction, critical / atomic);
    else
        std::printf("This run did not order them reduction < atomic < critical (a busy machine?).\n");
    return ok ? 0 : 1;
}
