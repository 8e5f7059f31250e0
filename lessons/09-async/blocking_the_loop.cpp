/// @file blocking_the_loop.cpp
/// @brief A CPU-bound coroutine stalls every other coroutine on the loop; moving the work to a thread pool frees it.
///
/// A ticker coroutine wants to wake every 20 ms and records how late each wake-up is.
/// Run 1: a coroutine computes for 300 ms on the loop's own thread. It never reaches a
/// co_await meanwhile, so the loop cannot run the ticker: one tick comes about 300 ms
/// late. Run 2: the same computation is co_spawned onto a boost::asio::thread_pool and
/// awaited; the loop's thread is free, and the ticker stays on time. (asyncio's twin:
/// `await loop.run_in_executor(pool, crunch)`, or `asyncio.to_thread(crunch)`.)
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "course/timing.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
using course::Clock;

namespace {

// Pure computation for `duration`: no co_await inside, so it never gives the loop back.
double crunch(Clock::duration duration) {
    const auto end = Clock::now() + duration;
    double sum = 0;
    for (long i = 1; Clock::now() < end; ++i)
        for (int j = 0; j < 1000; ++j) sum += std::sqrt(double(i) * 1000 + j);
    return sum;
}

// Wakes every 20 ms, `ticks` times; returns the worst lateness in ms.
asio::awaitable<double> ticker(int ticks) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    double worst = 0;
    auto due = Clock::now();
    for (int i = 0; i < ticks; ++i) {
        due += 20ms;
        timer.expires_at(due);
        co_await timer.async_wait(asio::use_awaitable);
        worst = std::max(worst, course::Millis(Clock::now() - due).count());
    }
    co_return worst;
}

asio::awaitable<double> crunch_here() { co_return crunch(300ms); }  // on the loop's thread

// co_spawn onto the pool's executor; use_awaitable resumes us back on the loop's thread.
asio::awaitable<double> crunch_on(asio::thread_pool& pool) {
    co_return co_await asio::co_spawn(pool, crunch_here(), asio::use_awaitable);
}

double worst_lateness(asio::awaitable<double> work) {
    asio::io_context io;
    double worst = 0, result = 0;
    asio::co_spawn(io, ticker(25), [&](std::exception_ptr, double w) { worst = w; });  // 25 x 20 ms = 500 ms
    asio::co_spawn(io, std::move(work), [&](std::exception_ptr, double r) { result = r; });
    io.run();
    course::keep(result);
    return worst;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: blocking_the_loop   (no arguments)\n");
        return 2;
    }
    std::printf("A ticker wants to wake every 20 ms for 500 ms; meanwhile 300 ms of computation runs.\n");
    const double blocked = worst_lateness(crunch_here());
    std::printf("1. computing on the loop's thread:   worst tick %.1f ms late\n", blocked);
    asio::thread_pool pool(1);
    const double freed = worst_lateness(crunch_on(pool));
    pool.join();
    std::printf("2. computing on a thread_pool:       worst tick %.1f ms late\n", freed);

    if (blocked > 200 && freed < 100)
        std::printf("check: the computation stalled the loop (%.1f ms), and moved to the pool it did not "
                    "(%.1f ms): yes\n", blocked, freed);
    else
        std::printf("seen: %.1f ms and %.1f ms late (expected about 300 and a few; a busy machine?)\n", blocked,
                    freed);
    return 0;
}
