/// @file counting_semaphore.cpp
/// @brief std::counting_semaphore (Python's threading.Semaphore): at most 2 of 6 downloads at once.
///
/// A semaphore holds a number of permits. acquire() takes one, waiting while none is
/// left; release() gives one back. With 2 permits, at most 2 threads are between
/// acquire() and release() at any moment, however many threads try. Typical use:
/// limit how many connections, files or big buffers are in use at once.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <semaphore>
#include <thread>
#include <vector>

#include "course/timeline.hpp"

using namespace std::chrono_literals;

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);
    constexpr int downloads = 6, permits = 2;
    std::counting_semaphore<permits> slots(permits);  // like threading.Semaphore(2)
    std::atomic<int> inside{0}, most_inside{0};
    course::Timeline timeline;
    {
        std::vector<std::jthread> threads;
        for (int d = 1; d <= downloads; ++d)
            threads.emplace_back([&, d] {
                timeline.name_thread("thread " + std::to_string(d));  // its row on the chart
                slots.acquire();  // waits while both permits are taken
                {
                    auto busy = timeline.span("download " + std::to_string(d));
                    const int now = ++inside;
                    for (int seen = most_inside; now > seen && !most_inside.compare_exchange_weak(seen, now);) {
                    }
                    std::this_thread::sleep_for(40ms);  // the download
                    --inside;
                }
                slots.release();  // gives the permit to a waiting thread
            });
    }
    std::printf("%d threads, %d permits. Each bar is one download, from permit to release:\n", downloads, permits);
    timeline.print(std::cout);
    std::printf("most downloads at once: %d (the semaphore allows %d); total %.0f ms\n", most_inside.load(),
                permits, timeline.length_ms());
    course::save_svg(svg, {{"6 downloads, 2 permits", &timeline}});
    const bool ok = most_inside.load() <= permits;
    std::printf("%s\n", ok ? "check passed: never more downloads at once than permits"
                           : "CHECK FAILED: more downloads ran at once than the semaphore allows");
    return ok ? 0 : 1;
}
