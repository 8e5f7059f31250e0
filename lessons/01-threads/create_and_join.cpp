/// @file create_and_join.cpp
/// @brief Start three std::threads, join them, and see on a timeline what join waits for.
///
/// Three workers each "download" a file (a sleep stands in for waiting on the network).
/// main joins them in order 1, 2, 3. The timeline shows that:
///   - a std::thread starts running the moment it is constructed (there is no start()),
///   - join(k) waits for worker k only, and returns at once if k has already finished,
///   - after join, everything the worker wrote is safe for main to read.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "course/timeline.hpp"

using namespace std::chrono_literals;

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);  // --svg FILE: also save the picture
    course::Timeline timeline;
    const std::vector<std::chrono::milliseconds> download_time{100ms, 200ms, 50ms};
    std::vector<std::string> result(download_time.size());  // one slot per worker: nothing shared

    auto download = [&](std::size_t k) {
        timeline.name_thread("worker " + std::to_string(k + 1));  // its row on the chart
        auto busy = timeline.span("worker " + std::to_string(k + 1) + " downloads");
        std::this_thread::sleep_for(download_time[k]);
        result[k] = "file " + std::to_string(k + 1);  // only worker k touches result[k]
    };

    // Named before any worker exists, so main's row comes first on the chart.
    timeline.name_thread("main");
    const auto now = course::Clock::now();
    timeline.record("main: starts the threads", now, now);

    std::vector<std::thread> workers;
    for (std::size_t k = 0; k < download_time.size(); ++k) {
        workers.emplace_back(download, k);  // the thread is running from this line on
    }
    std::cout << "main started " << workers.size() << " threads and carries on at once\n";

    for (std::size_t k = 0; k < workers.size(); ++k) {
        auto waiting = timeline.span("main: join(worker " + std::to_string(k + 1) + ")");
        workers[k].join();  // blocks until worker k has returned from download()
    }

    const double total_ms = std::chrono::duration<double, std::milli>(course::Clock::now() - now).count();

    timeline.print(std::cout);
    std::cout << "\nEach row names the thread that ran the work: main, or the worker.\n"
                 "Read the chart: join(worker 1) ends when worker 1 ends; join(worker 3)\n"
                 "ends as soon as it starts if worker 3 finished while main waited for worker 2.\n";
    std::printf("Total %.0f ms: ", total_ms);
    if (total_ms < 300.0)
        std::printf("about the longest download (200 ms), not the sum (350 ms).\n\n");
    else
        std::printf("longer than the longest download (200 ms); the machine is busy, run it again.\n\n");

    course::save_svg(svg, {{"main joins three workers in order 1, 2, 3", &timeline}});

    // join is also a synchronisation point: the workers' writes are now visible to main.
    bool all_there = true;
    for (std::size_t k = 0; k < result.size(); ++k) {
        const std::string expected = "file " + std::to_string(k + 1);
        all_there = all_there && result[k] == expected;
    }
    std::cout << (all_there ? "check passed: " : "CHECK FAILED: ")
              << "after join, main sees every worker's result\n";
    return all_there ? 0 : 1;
}
