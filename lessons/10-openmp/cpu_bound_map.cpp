/// @file cpu_bound_map.cpp
/// @brief The CPU-bound map sqrt(x^3) over a million numbers: serial, hand-written threads and OpenMP, timed.
///
/// The same map three ways: a plain loop; chunks on std::jthreads as in lesson 01 (about
/// 20 lines); and one OpenMP line. Each version maps x = 1 .. 999 999 to sqrt(x^3), 40
/// times over (one pass takes a few ms), and the fastest and median of 5 runs are shown.
/// The three results are compared element by element.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

constexpr std::size_t kCount = 999'999;  // x = 1 .. 999 999
constexpr int kPasses = 40;
constexpr int kRuns = 5;

double heavy(double x) { return std::sqrt(x * x * x); }

// noinline: each version is compiled on its own, so the optimiser treats all three alike.
[[gnu::noinline]] void map_serial(std::vector<double>& out, unsigned) {
    for (std::size_t i = 0; i < kCount; ++i) out[i] = heavy(static_cast<double>(i + 1));
}

[[gnu::noinline]] void map_threads(std::vector<double>& out, unsigned threads) {
    auto chunk = [&](unsigned k) {  // chunk k of `threads` nearly equal chunks
        const std::size_t begin = kCount * k / threads, end = kCount * (k + 1) / threads;
        for (std::size_t i = begin; i < end; ++i) out[i] = heavy(static_cast<double>(i + 1));
    };
    std::vector<std::jthread> workers;
    for (unsigned k = 1; k < threads; ++k) workers.emplace_back(chunk, k);
    chunk(0);  // the calling thread does a share too; the jthreads join at the closing brace
}

[[gnu::noinline]] void map_openmp(std::vector<double>& out, unsigned threads) {
#pragma omp parallel for num_threads(threads)
    for (std::size_t i = 0; i < kCount; ++i) out[i] = heavy(static_cast<double>(i + 1));
}

struct Version {
    Version(const char* n, void (*m)(std::vector<double>&, unsigned)) : name(n), map(m) {}
    const char* name;
    void (*map)(std::vector<double>&, unsigned);
    std::vector<double> out = std::vector<double>(kCount);
    std::vector<double> ms = {};  // one time per run, for kPasses passes
};

}  // namespace

int main() {
    const unsigned threads = course::usable_cores();
    std::vector<Version> versions{{"serial loop", map_serial}, {"std::jthread chunks", map_threads},
                                  {"OpenMP parallel for", map_openmp}};
    std::printf("sqrt(x^3) for x = 1 .. %zu, %d passes per run, %u thread(s) for the parallel versions\n\n",
                kCount, kPasses, threads);

    for (auto& v : versions) v.map(v.out, threads);  // warm-up: page faults, OpenMP's thread pool
    for (int run = 0; run < kRuns; ++run)            // interleaved, so noise hits all three alike
        for (auto& v : versions)
            v.ms.push_back(course::time_ms([&] {
                for (int pass = 0; pass < kPasses; ++pass) v.map(v.out, threads);
            }));

    const auto best = [](std::vector<double> ms) { return *std::min_element(ms.begin(), ms.end()); };
    const auto median = [](std::vector<double> ms) {
        std::sort(ms.begin(), ms.end());
        return ms[ms.size() / 2];
    };
    const double serial_best = best(versions[0].ms);
    std::printf("%-22s %10s %12s %9s\n", "version", "best", "median", "speedup");
    for (const auto& v : versions)
        std::printf("%-22s %7.1f ms %9.1f ms %8.2fx\n", v.name, best(v.ms), median(v.ms), serial_best / best(v.ms));

    const bool same = versions[1].out == versions[0].out && versions[2].out == versions[0].out;
    std::printf("\nCheck: all three computed the same %zu values, bit for bit: %s\n", kCount, same ? "yes" : "NO");

    const double openmp = serial_best / best(versions[2].ms);
    const double start_cost = (best(versions[1].ms) - best(versions[2].ms)) / kPasses;  // ms per pass
    if (threads >= 2 && start_cost > 0.1)
        std::printf("The jthreads lost %.2f ms per pass to OpenMP: they start a new thread every pass,\n"
                    "and a new thread may wait for a core, while OpenMP reuses its thread pool.\n",
                    start_cost);
    if (threads >= 2 && openmp >= 0.9 * threads)
        std::printf("OpenMP ran %.2fx as fast on %u cores: nearly all of the ideal %ux, from one line.\n", openmp,
                    threads, threads);
    else if (threads >= 2)
        std::printf("OpenMP ran %.2fx as fast on %u cores, short of the ideal %ux: other programs were\n"
                    "probably busy on this machine. Run it again when it is quiet.\n", openmp, threads, threads);
    else
        std::printf("Only 1 usable core here, so no version can be faster than the serial loop.\n");
    return same ? 0 : 1;
}
