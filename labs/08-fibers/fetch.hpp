/// @file fetch.hpp
/// @brief Lab 08, tasks 1 and 2: simulated downloads on fibers, at most K at a time.
///
/// The C++ counterpart of gevent's `spawn` + `joinall` and `gevent.pool.Pool(K)`. You
/// write the bodies in fetch.cpp; this header is what the graded tests call.
///
/// Every function here runs its fibers on the thread that calls it, with the scheduler
/// that thread already has (Boost.Fiber's default, round_robin, unless the caller
/// installed another), and returns only when all of them have finished.
#pragma once

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lab08 {

/// Task 1. Simulates downloading `url` over a network that takes `latency` to answer:
/// waits about `latency`, then returns "contents of " followed by `url`.
///
/// The wait suspends only the calling fiber: while it waits, every other fiber of the
/// thread keeps running (ten fetches of 50 ms in ten fibers take about 50 ms, not 500).
/// Called outside any fiber (from a thread's main fiber), it simply waits.
std::string fetch(const std::string& url, std::chrono::milliseconds latency);

/// One unit of work for fetch_all: returns a value, or throws. A task may wait by
/// suspending its fiber (fetch, boost::this_fiber::sleep_for, a fiber channel or mutex).
using Task = std::function<std::string()>;

/// What became of one task: exactly one of `value` (it returned) and `exception` (it threw)
/// is set.
struct Result {
    std::optional<std::string> value;  ///< what the task returned, if it returned
    std::exception_ptr exception;      ///< what it threw, if it threw (rethrow it to inspect it)
    std::string error;                 ///< if it threw: the exception's what(), or "unknown exception"
                                       ///< for a thrown object not derived from std::exception

    /// Whether the task returned a value.
    bool ok() const { return value.has_value(); }
};

/// Task 2. Runs every task in its own fiber on the calling thread, never more than
/// `limit` at once, and returns one Result per task, in the order of `tasks` (not the
/// order they finished).
///
/// A task counts as running from the moment it is called until it returns or throws.
/// While fewer than `limit` tasks run and some have not started, the next one (in input
/// order) starts without waiting for the others to finish: `limit` tasks of 20 ms each
/// keep `limit` running at every moment, so n tasks take about n / limit × 20 ms.
/// A task that throws does not stop the others: its exception is kept in its Result,
/// and fetch_all itself returns normally. Returns when every task has finished.
/// @throws std::invalid_argument if `limit` is 0.
std::vector<Result> fetch_all(const std::vector<Task>& tasks, std::size_t limit);

}  // namespace lab08
