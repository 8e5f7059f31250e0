/// @file async_tools.hpp
/// @brief Lab 09, tasks 1-2: gather and with_timeout for Boost.Asio awaitables (reference solution).
///
/// Boost 1.74's Asio has `awaitable`, `co_spawn` and timers, but neither the
/// `experimental::` awaitable operators (`a || b`, `a && b`) nor `parallel_group`, and
/// no per-operation cancellation (cancellation slots arrived in Boost 1.77). Both tools
/// are therefore built from two pieces: `co_spawn` to start a coroutine beside the
/// current one, and a timer that never expires, which a coroutine waits on to park
/// itself until another one calls `cancel()` on it to wake it up.
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

namespace detail {

/// A timer that never fires by itself: `co_await park(timer)` suspends the calling
/// coroutine until someone calls `timer.cancel()`. (Asio 1.74 has no channel or
/// condition variable for coroutines; this is the usual stand-in.)
inline boost::asio::awaitable<void> park(boost::asio::steady_timer& timer) {
    boost::system::error_code cancelled;  // operation_aborted is the expected outcome
    timer.expires_at(boost::asio::steady_timer::time_point::max());
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, cancelled));
}

/// Runs `task` to its end, then reports its value or its exception to `on_done`.
/// Spawned with `detached`, so nothing may escape it: Asio 1.74's `detached` would
/// silently drop the exception.
template <class T, class OnDone>
boost::asio::awaitable<void> settle(boost::asio::awaitable<T> task, OnDone on_done) {
    std::optional<T> value;
    std::exception_ptr error;
    try {
        value.emplace(co_await std::move(task));
    } catch (...) {
        error = std::current_exception();
    }
    on_done(std::move(value), error);
}

}  // namespace detail

/// Task 1. Runs every awaitable in `tasks` at the same time on the current executor
/// and returns their results in input order (like `asyncio.gather`).
template <class T>
boost::asio::awaitable<std::vector<T>> gather(std::vector<boost::asio::awaitable<T>> tasks) {
    auto executor = co_await boost::asio::this_coro::executor;
    struct State {
        explicit State(const boost::asio::any_io_executor& ex, std::size_t n)
            : wake(ex), values(n), errors(n), remaining(n) {}
        boost::asio::steady_timer wake;  // gather() parks on it until the last task ends
        std::vector<std::optional<T>> values;
        std::vector<std::exception_ptr> errors;
        std::size_t remaining;
    };
    auto state = std::make_shared<State>(executor, tasks.size());

    // Start them all before waiting for any: co_spawn queues each one and returns at once.
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        auto done = [state, i](std::optional<T> value, std::exception_ptr error) {
            state->values[i] = std::move(value);  // slot i: input order, whatever the finishing order
            state->errors[i] = error;
            if (--state->remaining == 0) state->wake.cancel();
        };
        boost::asio::co_spawn(executor, detail::settle(std::move(tasks[i]), std::move(done)), boost::asio::detached);
    }
    // One thread runs this executor, so `remaining` needs no lock: nothing can change
    // it between this test and the wait that follows.
    while (state->remaining > 0) co_await detail::park(state->wake);

    // Every task has ended; only now report the first failure, in input order.
    for (const auto& error : state->errors)
        if (error) std::rethrow_exception(error);
    std::vector<T> results;
    results.reserve(state->values.size());
    for (auto& value : state->values) results.push_back(std::move(*value));
    co_return results;
}

/// Task 2. Runs `operation`, but no longer than `limit`; see labs/09-async/async_tools.hpp
/// for the full contract.
template <class T, class Rep, class Period>
boost::asio::awaitable<T> with_timeout(boost::asio::awaitable<T> operation, std::chrono::duration<Rep, Period> limit,
                                       std::function<void()> cancel) {
    auto executor = co_await boost::asio::this_coro::executor;
    struct State {
        explicit State(const boost::asio::any_io_executor& ex) : wake(ex), deadline(ex) {}
        boost::asio::steady_timer wake;      // with_timeout() parks on it
        boost::asio::steady_timer deadline;  // the race's other runner
        std::optional<T> value;
        std::exception_ptr error;
        bool finished = false;
        bool expired = false;
    };
    auto state = std::make_shared<State>(executor);

    state->deadline.expires_after(limit);
    state->deadline.async_wait([state](boost::system::error_code ec) {
        if (ec || state->finished) return;  // cancelled: the operation won
        state->expired = true;
        state->wake.cancel();
    });
    auto done = [state](std::optional<T> value, std::exception_ptr error) {
        state->value = std::move(value);
        state->error = error;
        state->finished = true;
        state->deadline.cancel();  // so the timer does not keep the io_context busy until the limit
        state->wake.cancel();
    };
    boost::asio::co_spawn(executor, detail::settle(std::move(operation), std::move(done)), boost::asio::detached);

    // Wait for the operation to end. If the deadline comes first, cancel the operation
    // (there is no generic way in Asio 1.74: the caller says how) and go on waiting,
    // so that nothing the operation uses is still in use when we return.
    bool cancel_called = false;
    while (!state->finished) {
        if (state->expired && !cancel_called) {
            cancel_called = true;
            cancel();
        }
        if (!state->finished) co_await detail::park(state->wake);
    }
    if (state->expired) throw Timeout(std::chrono::duration_cast<std::chrono::milliseconds>(limit));
    if (state->error) std::rethrow_exception(state->error);
    co_return std::move(*state->value);
}

}  // namespace lab09
