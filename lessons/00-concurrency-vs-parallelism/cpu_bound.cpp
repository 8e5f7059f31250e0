/// @file cpu_bound.cpp
/// @brief CPU-bound: four computing tasks get faster on threads only up to the number of cores.
#include <chrono>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timeline.hpp"
#include "course/timing.hpp"
#include "cpu_work.hpp"

namespace {

constexpr int kTasks = 4;

// A task that only computes: it needs a core every moment it runs.
void compute(course::Timeline& timeline, int id, std::uint64_t iterations, std::uint64_t& result) {
    auto busy = timeline.span("compute " + std::to_string(id));
    result = lesson00::crunch(iterations, static_cast<std::uint64_t>(id) + 1);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);  // --svg FILE: also save the picture
    const unsigned cores = course::usable_cores();
    const std::uint64_t iterations = lesson00::iterations_for_ms(80);
    std::cout << std::fixed << std::setprecision(0) << kTasks
              << " CPU-bound tasks, each about 80 ms of computation; this process may use " << cores
              << " core(s).\n\n";

    course::Timeline one_by_one;
    one_by_one.name_thread("main");
    std::vector<std::uint64_t> serial(kTasks), threaded(kTasks);
    const double serial_ms = course::time_ms([&] {
        for (int id = 0; id < kTasks; ++id) compute(one_by_one, id, iterations, serial[id]);
    });
    std::cout << "One after another, on one thread: " << serial_ms << " ms\n";
    one_by_one.print(std::cout);

    course::Timeline all_at_once;
    const double threaded_ms = course::time_ms([&] {
        std::vector<std::jthread> threads;
        for (int id = 0; id < kTasks; ++id)
            threads.emplace_back([&, id] {
                all_at_once.name_thread("thread " + std::to_string(id));  // its row on the chart
                compute(all_at_once, id, iterations, threaded[id]);
            });
    });
    std::cout << "\nEach on its own thread: " << threaded_ms << " ms\n";
    all_at_once.print(std::cout);

    const unsigned expected = std::min<unsigned>(cores, kTasks);
    // The average bar, serial and threaded: longer bars mean the threads waited for a core.
    const auto average_bar_ms = [](const course::Timeline& timeline) {
        double sum = 0;
        for (const auto& entry : timeline.entries())
            sum += std::chrono::duration<double, std::milli>(entry.end - entry.start).count();
        return sum / static_cast<double>(timeline.entries().size());
    };
    const double bar_ratio = average_bar_ms(all_at_once) / average_bar_ms(one_by_one);
    std::cout << std::setprecision(1) << "\nSpeedup: " << serial_ms / threaded_ms << "x; usually at most "
              << expected << "x, the number of cores the " << kTasks << " threads can share.\n"
              << "An average bar took " << bar_ratio << "x as long on the threads as in the serial run.\n"
              << (cores < static_cast<unsigned>(kTasks) && bar_ratio > 1.3
                      ? "With more threads than cores, the threads took turns on the cores (concurrency),\n"
                        "so each bar grew; only the threads running side by side on different cores\n"
                        "(parallelism) saved time.\n"
                      : cores >= static_cast<unsigned>(kTasks) && bar_ratio < 1.3
                            ? "Each thread had a core of its own, so the bars ran side by side (parallelism).\n"
                            : "")
              << "More threads than cores add nothing to work that never waits.\n";
    if (cores >= 2 && serial_ms / threaded_ms < 1.3)
        std::cout << "Note: less than the cores allow. Other programs were probably busy on this\n"
                     "machine's cores; the figures are noisy, so run it again when it is quiet.\n";

    course::save_svg(svg, {{"One after another, on one thread", &one_by_one}, {"Each on its own thread", &all_at_once}});

    const bool same = serial == threaded;
    std::cout << "\nCheck: the threads computed the same " << kTasks << " results as the serial run: "
              << (same ? "yes" : "NO") << "\n";
    return same ? 0 : 1;
}
