/// @file async_tools.hpp
/// @brief Lab 09, tasks 1-2: gather and with_timeout for Boost.Asio awaitables.
///
/// Python's `asyncio.gather(*coros)` and `asyncio.wait_for(coro, timeout)`, written by
/// hand for C++20 coroutines on Boost.Asio 1.74. That version has `awaitable`,
/// `co_spawn`, `use_awaitable`, `detached`, `redirect_error` and timers, but none of
/// the `experimental::` helpers of later versions (the `||` and `&&` operators,
/// `parallel_group`, channels) and no per-operation cancellation (cancellation slots
/// arrived in Boost 1.77). You build both tools from `co_spawn` and timers.
///
/// Both are templates, so they live in this header. Each body throws
/// course::NotImplemented until you write it. Run `./course test 09 --task 1`.
///
/// Threading: like asyncio's event loop, the executor these run on is driven by ONE
/// thread (one io_context, one thread calling run()). Your code may rely on that: state
/// shared by the coroutines of one gather needs no mutex.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>; GCC 12's
// headers no longer pull it in by accident, so it comes first.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "course/not_implemented.hpp"

namespace lab09 {

/// Thrown by with_timeout when the time limit passes before the operation ends.
/// (Written for you.)
class Timeout : public std::runtime_error {
public:
    explicit Timeout(std::chrono::milliseconds limit)
        : std::runtime_error("lab09::Timeout: the operation did not finish within " + std::to_string(limit.count()) +
                             " ms, so it was cancelled"),
          limit_(limit) {}
    /// The time limit that passed.
    std::chrono::milliseconds limit() const { return limit_; }

private:
    std::chrono::milliseconds limit_;
};

/// Task 1. Runs every awaitable in `tasks` at the same time on the current executor
/// and returns their results in input order (like `asyncio.gather`).
///
/// - All of them are started before gather waits for any, so N tasks that each wait
///   50 ms take about 50 ms in all, not N x 50 ms, on one thread.
/// - `result[i]` is what `tasks[i]` returned, whatever order they finished in.
///   An empty `tasks` gives an empty result at once.
/// - If some tasks throw, gather still waits until EVERY task has ended, then rethrows
///   the exception of the first failing task in INPUT order (not the first to fail in
///   time). Nothing is cancelled. So gather never returns while a task still runs,
///   and the tasks may safely refer to the caller's local variables.
///   (asyncio.gather, by default, raises the first exception in time at once and leaves
///   the other tasks running; asyncio.TaskGroup cancels the others, waits for them,
///   and raises an ExceptionGroup of all failures.)
///
/// `T` must be movable; it need not be default-constructible. (`T = void` is not asked for.)
template <class T>
boost::asio::awaitable<std::vector<T>> gather(std::vector<boost::asio::awaitable<T>> tasks) {
    (void)tasks;
    throw course::NotImplemented("lab09::gather");
}

/// Task 2. Runs `operation`, but no longer than `limit` (like `asyncio.wait_for`).
///
/// - If `operation` ends first, with_timeout returns its value, or rethrows its
///   exception, and the deadline timer is cancelled: it must not keep the io_context
///   busy until `limit`.
/// - If `limit` passes first, with_timeout calls `cancel()` once, then waits until
///   `operation` has ended (whatever it returns or throws is discarded), and then
///   throws lab09::Timeout(limit). It never returns while `operation` still runs.
///
/// Why `cancel`? Asio 1.74 cannot cancel an arbitrary awaitable from outside.
/// Cancellation there is object-wide: `timer.cancel()` or `socket.cancel()` /
/// `socket.close()` makes the operation waiting on that object finish at once with
/// `boost::asio::error::operation_aborted` (an exception under `use_awaitable`). So
/// the caller, who knows what the operation waits on, passes the function that does
/// that, e.g. `[&] { socket.close(); }`. It must make the operation end soon.
template <class T, class Rep, class Period>
boost::asio::awaitable<T> with_timeout(boost::asio::awaitable<T> operation, std::chrono::duration<Rep, Period> limit,
                                       std::function<void()> cancel) {
    (void)operation, (void)limit, (void)cancel;
    throw course::NotImplemented("lab09::with_timeout");
}

}  // namespace lab09
