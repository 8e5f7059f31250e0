/// @file io_scaling.cpp
/// @brief IO-bound scaling: N tasks that each wait 10 ms, on threads, a pool of 8 threads, fibers and coroutines.
///
/// A wait stands for any blocking call (a socket read, a database query). The figure is
/// the total time for all N; the table divides it by one wait: 1.0 means every wait
/// overlapped perfectly, N means none did.
#include <chrono>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/fiber/all.hpp>

#include "bench.hpp"
#include "coro.hpp"
#include "course/timing.hpp"

namespace bench {
namespace {

constexpr auto wait = std::chrono::milliseconds(10);

double on_pool(int n, int workers) {
    return course::time_ms([&] {
        boost::asio::thread_pool pool(static_cast<std::size_t>(workers));
        for (int i = 0; i < n; ++i) boost::asio::post(pool, [] { std::this_thread::sleep_for(wait); });
        pool.join();
    });
}

Loop::Job sleeper(Loop& loop) { co_await loop.sleep_for(wait); }

}  // namespace

// The three ways to wait that the Python twins (twins.cpp) use too; declared in bench.hpp.
double on_threads(int n) {
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(n));
    std::string why;
    const double ms = course::time_ms([&] {
        try {
            for (int i = 0; i < n; ++i) threads.emplace_back([] { std::this_thread::sleep_for(wait); });
        } catch (const std::system_error& error) {
            why = error.what();
        }
        for (auto& thread : threads) thread.join();
    });
    if (!why.empty())
        throw Skip("only " + std::to_string(threads.size()) + " threads could be created (" + why + ")");
    return ms;
}

double on_fibers(int n) {
    return course::time_ms([&] {
        std::vector<boost::fibers::fiber> fibers;
        fibers.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) fibers.emplace_back([] { boost::this_fiber::sleep_for(wait); });
        for (auto& fiber : fibers) fiber.join();
    });
}

double on_coroutines(int n) {
    return course::time_ms([&] {
        Loop loop;
        for (int i = 0; i < n; ++i) loop.spawn(sleeper(loop));
        loop.run();
    });
}

void add_io_scaling(Registry& registry) {
    const bool quick = registry.settings().quick;
    const int counts[] = {10, 100, 1000, 10000};
    for (int n : counts) {
        const std::string count = std::to_string(n);
        registry.add("io.threads." + count, count + " waits on " + count + " threads", "ms", 1,
                     [=](Row&) { return on_threads(n); });
    }
    for (int n : counts) {
        const std::string count = std::to_string(n);
        // 8 workers serve N waits in N/8 turns: 10 000 waits take 12.5 s, so that one runs once.
        registry.add("io.pool8." + count, count + " waits on a pool of 8 threads", "ms", 1, [=](Row& row) {
            if (quick && n == 10000) throw Skip("left out of --quick: it takes 10 000 / 8 x 10 ms = 12.5 s");
            row.note = "boost::asio::thread_pool, its start included";
            return on_pool(n, 8);
        }, n == 10000 ? 1 : 1000);
    }
    for (int n : counts) {
        const std::string count = std::to_string(n);
        registry.add("io.fibers." + count, count + " waits on " + count + " fibers (1 thread)", "ms", 1, [=](Row& row) {
            row.note = "Boost.Fiber, default 128 KiB stacks";
            return on_fibers(n);
        });
    }
    for (int n : counts) {
        const std::string count = std::to_string(n);
        registry.add("io.coroutines." + count, count + " waits on " + count + " coroutines (1 thread)", "ms", 1,
                     [=](Row& row) {
                         row.note = "C++20 coroutines on a one-thread event loop (coro.hpp)";
                         return on_coroutines(n);
                     });
    }
}

}  // namespace bench
