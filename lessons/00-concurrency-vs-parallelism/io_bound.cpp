/// @file io_bound.cpp
/// @brief IO-bound: six tasks that mostly wait finish about six times sooner on six threads, on any number of cores.
#include <chrono>
#include <functional>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "course/timeline.hpp"
#include "course/timing.hpp"

namespace {

constexpr int kTasks = 6;
constexpr auto kReplyTime = std::chrono::milliseconds(100);

// Stands in for an IO call (a download, a database query): the thread asks, then
// waits for the answer. While it waits it uses no CPU at all.
void fetch(course::Timeline& timeline, int id) {
    auto busy = timeline.span("fetch " + std::to_string(id));
    std::this_thread::sleep_for(kReplyTime);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);  // --svg FILE: also save the picture
    std::cout << std::fixed << std::setprecision(0) << kTasks << " IO-bound tasks, each waiting "
              << kReplyTime.count() << " ms for a reply.\n\n";

    course::Timeline one_by_one;
    one_by_one.name_thread("main");
    const double serial_ms = course::time_ms([&] {
        for (int id = 0; id < kTasks; ++id) fetch(one_by_one, id);
    });
    std::cout << "One after another, on one thread: " << serial_ms << " ms\n";
    one_by_one.print(std::cout);

    course::Timeline all_at_once;
    const double threaded_ms = course::time_ms([&] {
        std::vector<std::jthread> threads;
        for (int id = 0; id < kTasks; ++id)
            threads.emplace_back([&all_at_once, id] {
                all_at_once.name_thread("thread " + std::to_string(id));  // its row on the chart
                fetch(all_at_once, id);
            });
    });  // each jthread joins when the vector goes out of scope
    std::cout << "\nEach on its own thread: " << threaded_ms << " ms\n";
    all_at_once.print(std::cout);

    const double speedup = serial_ms / threaded_ms;
    std::cout << std::setprecision(1) << "\nSpeedup: " << speedup << "x with " << kTasks << " threads.\n";
    if (speedup >= 0.7 * kTasks)
        std::cout << "The waits overlapped: while one thread waited, the others waited too. No core\n"
                     "was busy, so this is concurrency (tasks in progress at the same time), not\n"
                     "parallelism (computation at the same time), and it works on any number of\n"
                     "cores. Python threads get the same speedup here, because a thread waiting\n"
                     "for IO lets go of the GIL.\n";
    else
        std::cout << "Less than the " << kTasks << "x the overlapping waits allow: starting the threads or\n"
                     "waking them up took long on this busy machine. Run it again when it is quiet.\n";

    course::save_svg(svg, {{"One after another, on one thread", &one_by_one}, {"Each on its own thread", &all_at_once}});

    // What can be checked without a clock: every task ran, once, in both runs.
    const bool all_ran = one_by_one.entries().size() == kTasks && all_at_once.entries().size() == kTasks;
    std::cout << "\nCheck: every task ran exactly once in both runs: " << (all_ran ? "yes" : "NO") << "\n";
    return all_ran ? 0 : 1;
}
