/// @file oversubscription.cpp
/// @brief The same CPU-bound sum on 1, 2, P, 4P and 32P threads: past P cores, more threads only add switches.
///
/// The work is fixed (20 million square roots) and split evenly, one chunk per thread,
/// each thread adding into its own local variable and writing its own slot at the end,
/// exactly the shape of lab 01's parallel_sum. Each row is the fastest of 3 runs.
/// Watch two columns: the time stops improving at P threads, and the involuntary
/// context switches (the kernel taking a core away from a running thread) grow.
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

constexpr std::size_t kTerms = 20'000'000;

// Kept out of line so the accumulator stays in a register, as it would in real code.
[[gnu::noinline]] double sum_terms(std::size_t begin, std::size_t end) {
    double sum = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const double x = static_cast<double>(i);
        sum += std::sqrt(x * x * x);
    }
    return sum;
}

double parallel_sum(unsigned threads) {
    std::vector<double> partial(threads, 0.0);
    std::vector<std::thread> workers;
    for (unsigned k = 0; k < threads; ++k) {
        const std::size_t begin = kTerms * k / threads, end = kTerms * (k + 1) / threads;
        workers.emplace_back([&partial, k, begin, end] { partial[k] = sum_terms(begin, end); });
    }
    for (auto& w : workers) w.join();
    double total = 0;
    for (double p : partial) total += p;
    return total;
}

struct Switches {
    long voluntary, involuntary;
};
Switches switches_so_far() {  // summed over every thread this process has had
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return {usage.ru_nvcsw, usage.ru_nivcsw};
}

}  // namespace

int main() {
    const unsigned P = course::usable_cores();
    const double expected = sum_terms(0, kTerms);  // also warms the core up
    const std::set<unsigned> counts{1, 2, P, 4 * P, std::min(32 * P, 2048u)};

    std::printf("usable cores P = %u; %zu square roots split over N threads\n\n", P, kTerms);
    std::printf("%8s %10s %9s %22s\n", "threads", "best ms", "speedup", "switches/run vol+invol");
    double one_thread_ms = 0, speedup_at_P = 1, best_beyond_P = 0;
    bool ok = true;
    for (unsigned threads : counts) {
        double best = 1e300;
        const Switches before = switches_so_far();
        for (int run = 0; run < 3; ++run) {
            double total = 0;
            best = std::min(best, course::time_ms([&] { total = parallel_sum(threads); }));
            ok = ok && std::abs(total - expected) <= 1e-9 * std::abs(expected);
        }
        const Switches after = switches_so_far();
        if (threads == 1) one_thread_ms = best;
        if (threads == P) speedup_at_P = one_thread_ms / best;
        if (threads > P) best_beyond_P = std::max(best_beyond_P, one_thread_ms / best);
        std::printf("%8u %10.1f %8.2fx %11ld + %ld\n", threads, best, one_thread_ms / best,
                    (after.voluntary - before.voluntary) / 3, (after.involuntary - before.involuntary) / 3);
    }
    if (P > 1 && speedup_at_P >= 0.75 * P && best_beyond_P <= 1.1 * speedup_at_P)
        std::printf("\nUp to P threads the time fell (%.2fx on %u); beyond P it stopped improving (best\n"
                    "%.2fx): the cores are already full, so extra threads only wait their turn, and each\n"
                    "costs tens of us to start, a stack, and involuntary switches (the last column). A\n"
                    "shared machine is noisy: compare rows of one run, not single numbers.\n\n",
                    speedup_at_P, P, best_beyond_P);
    else if (P > 1 && speedup_at_P >= 0.75 * P)
        std::printf("\nUp to P threads the time fell (%.2fx on %u), and more threads still gained this\n"
                    "time (best %.2fx): on a busy machine more threads win a bigger share of the cores,\n"
                    "or the P-thread row was unlucky. Run it again on a quiet machine.\n\n",
                    speedup_at_P, P, best_beyond_P);
    else if (P > 1)
        std::printf("\nP threads were only %.2fx faster on %u usable cores: other programs are probably\n"
                    "using the cores. Linux's scheduler shares a core fairly among task groups (cgroups,\n"
                    "and the session's autogroup), and among the threads inside a group, so when the\n"
                    "busy programs share this demo's group, more threads take CPU time from them and\n"
                    "look faster without computing any faster. Run it again on a quiet machine.\n\n",
                    speedup_at_P, P);
    else
        std::printf("\nWith 1 usable core no thread count can be faster than 1 thread; every row shows\n"
                    "only what the extra threads cost.\n\n");
    std::printf("%s every run's sum matches the serial sum (to 1e-9)\n", ok ? "check passed:" : "CHECK FAILED:");
    return ok ? 0 : 1;
}
