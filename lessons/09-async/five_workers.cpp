/// @file five_workers.cpp
/// @brief The C++ twin of asyncio's classic: five coroutines started together and waited for, with Boost.Asio.
///
/// In Python: `await asyncio.gather(*(worker(n) for n in range(5)))` inside
/// `asyncio.run(main())`. Here co_spawn starts each worker on one io_context, and
/// io_context::run() returns once all five have finished, which is the "wait for them
/// all" of this version. (Lab 09 writes gather() itself, so that a coroutine can wait
/// for the five and get their results.) Each worker "downloads" for 100 ms on an Asio
/// timer, so the five waits overlap: about 100 ms in all, on one thread.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

#include "course/timing.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

course::Clock::time_point start;
double since_start() { return course::Millis(course::Clock::now() - start).count(); }

asio::awaitable<void> worker(int n, int& finished, std::thread::id& thread_seen) {
    std::printf("%6.1f ms  coroutine %d is working\n", since_start(), n);
    asio::steady_timer download(co_await asio::this_coro::executor, 100ms);  // stands for network I/O
    co_await download.async_wait(asio::use_awaitable);
    std::printf("%6.1f ms  coroutine %d is done\n", since_start(), n);
    ++finished;  // one thread runs every coroutine: no lock needed
    thread_seen = std::this_thread::get_id();
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: five_workers   (no arguments)\n");
        return 2;
    }
    asio::io_context io;  // the event loop
    int finished = 0;
    std::thread::id thread_seen;
    start = course::Clock::now();
    for (int n = 1; n <= 5; ++n) asio::co_spawn(io, worker(n, finished, thread_seen), asio::detached);
    io.run();  // asyncio.run: drive the loop until nothing is left to do
    const double total = since_start();

    std::printf("\n5 coroutines of 100 ms each took %.1f ms in all, on %s.\n", total,
                thread_seen == std::this_thread::get_id() ? "main's own thread" : "another thread");
    const bool ok = finished == 5;
    if (total < 250)
        std::printf("check: all 5 finished (%d) and their waits overlapped (well under 5 x 100 ms): %s\n", finished,
                    ok ? "yes" : "NO");
    else
        std::printf("check: all 5 finished: %s; their waits did NOT overlap in this run (%.1f ms; a busy machine?)\n",
                    ok ? "yes" : "NO", total);
    return ok ? 0 : 1;
}
