/// @file coroutines.cpp
/// @brief 200 C++20 coroutines on one thread (Boost.Asio): the same picture as fibers, without stacks.
///
/// Each page is a coroutine that co_awaits an Asio timer. While it waits, the event loop
/// (io_context::run, on the main thread) resumes whichever coroutine is ready. As with
/// fibers, the 200 waits overlap and the 200 parses run one after another on one core:
/// a coroutine that computes does not give the thread back until it reaches a co_await.
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange without including it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <vector>

#include "course/timing.hpp"
#include "job.hpp"

namespace asio = boost::asio;

namespace {

// `digest` outlives the coroutine: it is an element of main's vector, which outlives io.run().
asio::awaitable<void> fetch_and_parse(int id, std::uint64_t& digest) {
    asio::steady_timer timer(co_await asio::this_coro::executor, job::latency(id));
    co_await timer.async_wait(asio::use_awaitable);  // suspends; the loop runs the others
    digest = job::parse(job::body(id));
}

}  // namespace

int main(int argc, char** argv) {
    job::no_arguments(argc, argv);
    std::vector<std::uint64_t> digests(job::kPages);
    const double total = course::time_ms([&] {
        asio::io_context io;
        for (int id = 0; id < job::kPages; ++id)
            asio::co_spawn(io, fetch_and_parse(id, digests[id]), asio::detached);
        io.run();  // returns when no coroutine is left
    });
    return job::report("200 coroutines on one thread", total, digests);
}
