/// @file pipeline.cpp
/// @brief The mixed job done right: waits on coroutines (one thread), parses on a pool (every core).
///
/// Each page is a coroutine on the main thread's event loop: it waits for its page with
/// an Asio timer, then hands the parse to a thread pool with one thread per usable core
/// (co_spawn on the pool) and co_awaits the digest. The loop thread only waits and
/// dispatches; the pool only computes. Pages that arrive first are parsed while later
/// ones still wait. Draws the timeline: `--svg FILE` saves it as a picture.
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange without including it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "course/cores.hpp"
#include "course/timeline.hpp"
#include "job.hpp"

namespace asio = boost::asio;

namespace {

course::Timeline timeline;
std::atomic<int> pool_threads_named{0};

// Runs on a pool thread: the CPU half of the job.
asio::awaitable<std::uint64_t> parse_on_pool(int id) {
    thread_local bool named = false;  // name each pool thread's row once
    if (!named) timeline.name_thread("pool " + std::to_string(++pool_threads_named)), named = true;
    auto span = timeline.span("parse " + std::to_string(id));
    co_return job::parse(job::body(id));
}

// Runs on the loop thread: the waiting half, then a hand-off to the pool.
asio::awaitable<void> fetch_and_parse(int id, asio::thread_pool& pool, std::uint64_t& digest) {
    const auto start = course::Clock::now();
    asio::steady_timer timer(co_await asio::this_coro::executor, job::latency(id));
    co_await timer.async_wait(asio::use_awaitable);
    timeline.record("wait " + std::to_string(id), start, course::Clock::now());
    digest = co_await asio::co_spawn(pool, parse_on_pool(id), asio::use_awaitable);  // resumes here, on the loop
}

// The text chart, one line per thread: '#' where the thread was busy (a wait counts for the loop).
void print_rows(int width) {
    const auto entries = timeline.entries();
    const double length = timeline.length_ms();
    unsigned rows = 0;
    for (const auto& entry : entries) rows = std::max(rows, entry.thread_number);
    std::printf("%-12s|0 ms%*.0f ms|\n", "thread", width - 7, length);
    for (unsigned row = 1; row <= rows; ++row) {
        std::string bar(static_cast<std::size_t>(width), ' ');
        for (const auto& entry : entries) {
            if (entry.thread_number != row) continue;
            const auto column = [&](course::Clock::time_point t) {
                return std::min(width - 1, static_cast<int>(course::Millis(t - timeline.origin()).count() / length * width));
            };
            for (int c = column(entry.start); c <= column(entry.end); ++c) bar[static_cast<std::size_t>(c)] = '#';
        }
        std::printf("%-12s|%s|\n", timeline.thread_name(row).c_str(), bar.c_str());
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);
    const unsigned cores = course::usable_cores();
    std::vector<std::uint64_t> digests(job::kPages);
    timeline.name_thread("coroutines");
    const double total = course::time_ms([&] {
        asio::thread_pool pool(cores);
        asio::io_context io;
        for (int id = 0; id < job::kPages; ++id)
            asio::co_spawn(io, fetch_and_parse(id, pool, digests[id]), asio::detached);
        io.run();  // every coroutine has its digest when this returns
        pool.join();
    });
    print_rows(56);
    double last_wait_end = 0, first_parse_start = 1e9;  // did computing start while pages still waited?
    for (const auto& entry : timeline.entries()) {
        const double start = course::Millis(entry.start - timeline.origin()).count();
        const double end = course::Millis(entry.end - timeline.origin()).count();
        if (entry.label.rfind("wait", 0) == 0) last_wait_end = std::max(last_wait_end, end);
        else first_parse_start = std::min(first_parse_start, start);
    }
    std::printf("\nthe first parse began at %.1f ms; the last wait ended at %.1f ms: %s\n", first_parse_start,
                last_wait_end, first_parse_start < last_wait_end ? "computing and waiting overlapped"
                                                                 : "they did not overlap in this run");
    std::printf("waits on 1 thread of coroutines, parses on a pool of %u thread(s), one per usable core\n", cores);
    const int status = job::report("coroutines + a pool", total, digests);
    course::save_svg(svg, {{"Waits on coroutines (one thread), parses on a pool", &timeline}});
    return status;
}
