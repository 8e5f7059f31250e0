/// @file work_stealing.cpp
/// @brief Fibers spread over several threads by Boost.Fiber's work_stealing scheduler.
///
/// By default a fiber runs only on the thread that created it. Installing the
/// work_stealing scheduler on N threads makes them one pool: a thread with nothing to do
/// steals a ready fiber from another, so fibers move between threads. Boost 1.74's rules:
/// every one of the N threads must call use_scheduling_algorithm<work_stealing>(N) (its
/// constructor waits at a barrier until all N have), once per process; the main fiber of
/// each thread is pinned to its thread; and each thread must keep its scheduler running
/// (here: waiting on a fiber condition variable) until every fiber is done. An idle thread
/// keeps looking for a fiber to steal, spinning on its core; work_stealing(N, true) lets it
/// sleep instead, but in our runs with Boost 1.74 a sleeping thread then stole nothing.
#include <boost/fiber/all.hpp>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <map>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

std::mutex mutex;  // guards the three below; std::mutex, because fibers run on several threads
boost::fibers::condition_variable_any all_done;
int fibers_left = 0;
std::map<std::thread::id, int> slices_per_thread;  // which thread ran how many slices of work

void busy_for(double ms) {
    const auto start = course::Clock::now();
    while (course::Millis(course::Clock::now() - start).count() < ms) {
    }
}

// A fiber: four slices of CPU work, yielding in between, so it may resume on another thread.
void work(int& migrations) {
    std::thread::id last = std::this_thread::get_id();
    for (int slice = 0; slice < 4; ++slice) {
        if (std::this_thread::get_id() != last) ++migrations;  // only this fiber writes its counter
        last = std::this_thread::get_id();
        busy_for(1);
        {
            std::lock_guard lock(mutex);
            ++slices_per_thread[last];
        }
        boost::this_fiber::yield();
    }
    std::lock_guard lock(mutex);
    if (--fibers_left == 0) all_done.notify_all();
}

// What every thread of the pool does once it has joined: run fibers until all are done.
void wait_until_all_done() {
    std::unique_lock lock(mutex);
    all_done.wait(lock, [] { return fibers_left == 0; });  // suspends this thread's main fiber only
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: work_stealing   (no arguments)\n");
        return 2;
    }
    const unsigned threads = std::clamp(course::usable_cores(), 2u, 4u);
    constexpr int fiber_count = 40;
    fibers_left = fiber_count;
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t)
        helpers.emplace_back([threads] {
            boost::fibers::use_scheduling_algorithm<boost::fibers::algo::work_stealing>(threads);
            wait_until_all_done();
        });
    // The main thread joins the pool too; this returns once all `threads` threads have.
    boost::fibers::use_scheduling_algorithm<boost::fibers::algo::work_stealing>(threads);

    std::vector<int> migrations(fiber_count, 0);
    const double ms = course::time_ms([&] {
        for (int f = 0; f < fiber_count; ++f) boost::fibers::fiber(work, std::ref(migrations[f])).detach();
        wait_until_all_done();
    });
    for (auto& helper : helpers) helper.join();

    int moved = 0;
    for (int m : migrations) moved += m > 0;
    std::printf("%d fibers x 4 slices of 1 ms CPU work on a pool of %u threads: %.1f ms for %.1f ms of work\n",
                fiber_count, threads, ms, fiber_count * 4 * 1.0);
    int number = 0;
    for (const auto& [thread, slices] : slices_per_thread) std::printf("  thread %d ran %3d slices\n", ++number, slices);
    std::printf("%d of %d fibers resumed on another thread than the one they had run on\n", moved, fiber_count);
    std::printf("check: the work was spread over more than one thread: %s\n",
                slices_per_thread.size() > 1 ? "yes" : "no, not in this run (were the other threads busy elsewhere?)");
    return 0;
}
