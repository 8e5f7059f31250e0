/// @file run_concurrently.hpp
/// @brief Lab 00: run IO-bound tasks at the same time, each on its own thread.
///
/// The contract of lab 00. You write the bodies in run_concurrently.cpp; this header is
/// what the graded tests call. Both functions may be called from any thread.
#pragma once

#include <functional>
#include <vector>

namespace lab00 {

/// Task 1. Runs every task in `tasks` once, all at the same time, each on a thread of
/// its own, and returns when every one of them has finished.
///
/// "At the same time" is the point: a task that waits (for a reply, a file, a timer)
/// must not hold up the others, so N tasks that each wait one second take about one
/// second in all, not N. The calling thread may run one of the tasks itself. An empty
/// list is fine: the function returns at once.
///
/// Task 3. If tasks throw, every task still runs to its end; then the exception of the
/// first task (in the order of `tasks`) that threw is rethrown to the caller.
void run_concurrently(const std::vector<std::function<void()>>& tasks);

/// Task 2. Runs every task once, all at the same time (as run_concurrently does), and
/// returns their results in the order of `tasks`, whatever order they finished in.
/// Closer to Python 3.11's `asyncio.TaskGroup` than to `asyncio.gather`: it waits for
/// every task before it reports an error (gather, by default, raises the first error in
/// time at once), and each task has a thread of its own (asyncio runs them on one).
///
/// Task 3. If tasks throw, every task still runs to its end; then the exception of the
/// first task (in the order of `tasks`) that threw is rethrown, and nothing is returned.
std::vector<int> gather(const std::vector<std::function<int()>>& tasks);

}  // namespace lab00
