/// @file reduction.cpp
/// @brief `reduction(+ : sum)`: a private sum per thread, added up at the end; without it, additions get lost.
///
/// Two parallel loops add the same 20 million ones. The first lets every thread add into
/// one shared variable: a data race, so additions are lost (how many changes from run to
/// run). The second declares the variable a reduction: OpenMP gives each thread its own
/// copy, starting at 0, and adds the copies into the shared one once, at the end.
/// (The racy loop is a bug kept on purpose, with a bounded size; its result is checked.)
#include <omp.h>

#include <cstdio>

#include "course/cores.hpp"

int main() {
    constexpr long kCount = 20'000'000;
    const int threads = static_cast<int>(course::usable_cores());

    // WRONG: `racy += 1` is load, add, store; two threads interleaving those steps both
    // store the same new value, and one addition is lost. `volatile` makes the compiler
    // do every load and store, as a compiler is free to for any shared variable.
    volatile long racy = 0;
#pragma omp parallel for num_threads(threads)
    for (long i = 0; i < kCount; ++i) racy = racy + 1;

    // RIGHT: each thread adds into a private copy; the copies are combined once.
    long sum = 0;
#pragma omp parallel for reduction(+ : sum) num_threads(threads)
    for (long i = 0; i < kCount; ++i) sum += 1;

    const long lost = kCount - racy;
    std::printf("%ld additions of 1 on %d thread(s):\n", kCount, threads);
    std::printf("  shared variable, no reduction: %11ld  (%ld additions lost, %.1f%%)\n", static_cast<long>(racy),
                lost, 100.0 * static_cast<double>(lost) / kCount);
    std::printf("  reduction(+ : sum):            %11ld\n", sum);

    std::printf("\nCheck: the reduction gives exactly %ld: %s\n", kCount, sum == kCount ? "yes" : "NO");
    if (lost > 0)
        std::printf("The shared variable lost updates: two threads read the same old value and both wrote\n"
                    "old + 1. Archer (see the README) reports this loop as a data race, with file and line.\n");
    else if (threads >= 2)
        std::printf("No update was lost this time (the threads seldom ran at the same moment, or the\n"
                    "machine was busy), but the race is still there: run it again.\n");
    else
        std::printf("With 1 thread nothing runs at the same time, so nothing was lost.\n");
    return sum == kCount ? 0 : 1;
}
