/// @file pool_vs_thread_per_task.cpp
/// @brief 10,000 tiny tasks: a thread each (std::thread or std::async) against a pool of a few reused threads.
///
/// Starting and joining a thread costs tens of microseconds; a tiny task costs far less.
/// A pool pays for its threads once and then only hands tasks over. The pool here is
/// Boost.Asio's thread_pool; in lab 04 you write your own.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdio>
#include <future>
#include <iostream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

constexpr int tasks = 10'000;
constexpr int batch = 100;  // thread per task: at most this many threads alive at once

// The tiny task: each writes its own slot, so nothing is shared between tasks.
void tiny_task(std::vector<long>& out, int i) { out[i] = static_cast<long>(i) * 2; }

bool all_done(const std::vector<long>& out) {
    return std::accumulate(out.begin(), out.end(), 0L) == static_cast<long>(tasks) * (tasks - 1);
}

}  // namespace

int main() {
    std::vector<long> a(tasks), b(tasks), c(tasks);

    const double thread_ms = course::time_ms([&] {
        for (int start = 0; start < tasks; start += batch) {
            std::vector<std::jthread> threads;  // joined at the end of each batch
            for (int i = start; i < start + batch; ++i) threads.emplace_back(tiny_task, std::ref(a), i);
        }
    });

    // libstdc++'s std::async(launch::async) starts a new thread for every call, too.
    const double async_ms = course::time_ms([&] {
        for (int start = 0; start < tasks; start += batch) {
            std::vector<std::future<void>> futures;
            for (int i = start; i < start + batch; ++i)
                futures.push_back(std::async(std::launch::async, tiny_task, std::ref(b), i));
        }  // each future's destructor waits for its call
    });

    const unsigned workers = course::usable_cores();
    const double pool_ms = course::time_ms([&] {
        boost::asio::thread_pool pool(workers);  // the threads start once...
        for (int i = 0; i < tasks; ++i) boost::asio::post(pool, [&c, i] { tiny_task(c, i); });
        pool.join();  // ...and run every posted task before this returns
    });

    const auto row = [&](const char* what, double ms, const char* note) {
        std::printf("  %-30s %8.1f ms  (%6.2f us per task%s)\n", what, ms, ms * 1000 / tasks, note);
    };
    std::printf("%d tiny tasks\n", tasks);
    row("a std::thread per task:", thread_ms, "");
    row("a std::async per task:", async_ms, "");
    const std::string pool_row = "asio::thread_pool, " + std::to_string(workers) + " thread(s):";
    row(pool_row.c_str(), pool_ms, ", pool start and join included");
    std::printf("  the pool was %.0fx as fast as a thread per task\n", thread_ms / pool_ms);

    const bool ok = all_done(a) && all_done(b) && all_done(c);
    std::cout << (ok ? "check passed: " : "CHECK FAILED: ") << "all three ran every task exactly once\n";
    return ok ? 0 : 1;
}
