/// @file asio_basics.cpp
/// @brief Boost.Asio's pieces: io_context, co_spawn, awaitable, steady_timer; awaiting in sequence adds up, spawning overlaps.
///
/// An `asio::awaitable<T>` is a coroutine that Asio's loop can run. `co_await` on one
/// runs it to its end and gives its value: that is a call, in sequence, not
/// concurrency. `co_spawn(executor, coroutine, token)` starts one beside the current
/// ones, like asyncio.create_task. Nothing runs until io_context::run() drives the loop.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#include "course/timing.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// A coroutine with a result: waits `ms` (stands for a request), then returns a size.
asio::awaitable<int> fetch(const char* name, int ms) {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
    co_await timer.async_wait(asio::use_awaitable);  // suspends this coroutine only
    std::printf("      fetched %s after %d ms\n", name, ms);
    co_return static_cast<int>(std::string(name).size()) * 100;
}

// Two awaits in a row: the second starts when the first has finished.
asio::awaitable<void> in_sequence(int& total) {
    const int a = co_await fetch("a.example", 100);
    const int b = co_await fetch("b.example", 100);
    total = a + b;
}

// Two spawned coroutines: both are waiting at the same time.
asio::awaitable<void> spawned(int& total) {
    auto executor = co_await asio::this_coro::executor;
    asio::co_spawn(executor, [&total]() -> asio::awaitable<void> { total += co_await fetch("c.example", 100); },
                   asio::detached);
    asio::co_spawn(executor, [&total]() -> asio::awaitable<void> { total += co_await fetch("d.example", 100); },
                   asio::detached);
    co_return;  // returns at once; io_context::run() goes on until both have finished
}

template <class Coroutine>
double run_ms(const char* title, Coroutine coroutine) {
    asio::io_context io;
    asio::co_spawn(io, std::move(coroutine), asio::detached);
    std::printf("   %s: co_spawn queued it; nothing has run yet. run():\n", title);
    return course::time_ms([&] { io.run(); });
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: asio_basics   (no arguments)\n");
        return 2;
    }
    std::printf("1. co_await one fetch, then the other (like `await f(); await g()`):\n");
    int sequential_total = 0;
    const double sequential_ms = run_ms("in_sequence", in_sequence(sequential_total));
    std::printf("   took %.1f ms, total size %d\n\n", sequential_ms, sequential_total);

    std::printf("2. co_spawn both, then let the loop run (like `asyncio.create_task` twice):\n");
    int spawned_total = 0;
    const double spawned_ms = run_ms("spawned", spawned(spawned_total));
    std::printf("   took %.1f ms, total size %d\n\n", spawned_ms, spawned_total);

    const bool ok = sequential_total == 1800 && spawned_total == 1800;
    std::printf("check: both ways fetched everything (sizes 1800 and 1800): %s\n", ok ? "yes" : "NO");
    if (sequential_ms > 180 && spawned_ms < 150)
        std::printf("check: in sequence the waits add up (%.1f ms), spawned they overlap (%.1f ms): yes\n",
                    sequential_ms, spawned_ms);
    else
        std::printf("seen: in sequence %.1f ms, spawned %.1f ms (expected about 200 and 100; a busy machine?)\n",
                    sequential_ms, spawned_ms);
    return ok ? 0 : 1;
}
