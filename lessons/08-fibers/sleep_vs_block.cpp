/// @file sleep_vs_block.cpp
/// @brief boost::this_fiber::sleep_for lets the other fibers run; std::this_thread::sleep_for stalls them all.
///
/// Ten fibers each wait 50 ms, once the fiber way and once the thread way. The thread
/// way puts the OS thread to sleep, and the scheduler, which runs on that same thread,
/// sleeps with it: no other fiber can run until the sleep ends. Any blocking call does
/// the same: a blocking read(), recv(), a std::mutex held elsewhere, a database driver's
/// synchronous query. gevent's monkey.patch_all() swaps Python's blocking calls for
/// cooperative ones; C++ has no such switch, so fiber code must call fiber-aware functions.
#include <boost/fiber/all.hpp>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "course/timing.hpp"

using namespace std::chrono_literals;

namespace {

// Ten fibers each wait 50 ms with `wait`; returns the time for all of them, in ms.
template <class Wait>
double ten_fibers(Wait wait) {
    return course::time_ms([&] {
        std::vector<boost::fibers::fiber> fibers;
        for (int i = 0; i < 10; ++i) fibers.emplace_back(wait);
        for (auto& fiber : fibers) fiber.join();
    });
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: sleep_vs_block   (no arguments)\n");
        return 2;
    }
    const double cooperative = ten_fibers([] { boost::this_fiber::sleep_for(50ms); });
    const double blocking = ten_fibers([] { std::this_thread::sleep_for(50ms); });
    std::printf("10 fibers x 50 ms, boost::this_fiber::sleep_for:  %6.1f ms  (the waits overlap)\n", cooperative);
    std::printf("10 fibers x 50 ms, std::this_thread::sleep_for:   %6.1f ms  (one after another)\n", blocking);
    const bool shown = cooperative < 250 && blocking >= 450;
    std::printf("check: the fiber sleep took about one wait, the thread sleep about ten: %s\n",
                shown ? "yes" : "not clearly in this run (a very busy machine?)");
    return 0;
}
