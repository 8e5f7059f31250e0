/// @file workloads.hpp
/// @brief Lab 11: three workloads, one model each, of your choosing.
///
/// Each function below is a small program with one kind of work: many waits (task 1),
/// many cheap computations (task 2), tasks that may crash (task 3). The contract says
/// what must come out and what the tests measure; how to get there is yours to choose:
/// threads, a thread pool, Boost.Fiber, Boost.Asio's coroutines, fork()ed processes. The
/// lab links Boost.Asio (`course_asio`), Boost.Fiber and the threads library. It does not
/// link OpenMP: task 3 forks in the same program, and lesson 10 says why the two do not mix.
#pragma once

#include <chrono>
#include <cmath>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace lab11 {

// ---- Task 1: an IO-bound workload ------------------------------------------------------

/// What the simulated server answers to request number `index`.
inline int response_to(std::size_t index) { return static_cast<int>((index * 7919u + 13u) % 100003u); }

/// Sends `n` simulated requests and returns their answers, in request order.
///
/// Request i "goes over the network": it must wait `latency` (the simulated server's
/// delay), then its answer is `response_to(i)`. Returns only once every request has
/// waited its full latency. `results[i] == response_to(i)` for every i; n = 0 gives an
/// empty vector.
///
/// What the tests measure: the waits must overlap. 100 requests of 20 ms must finish
/// within 5 waits (100 ms), and 10 000 requests of 10 ms within 30 waits (300 ms), while
/// the process never has more than 16 threads besides the caller's own at any moment
/// (the grader lets a test start about 200 threads and processes in all).
std::vector<int> fetch_all(std::size_t n, std::chrono::milliseconds latency);

// ---- Task 2: a CPU-bound workload ------------------------------------------------------

/// The work for one item: the sum of sqrt(t³) over t = x + 1, ..., x + 32 (the Python
/// tutorial's `math.sqrt(x ** 3)`, 32 times). About 0.1 µs: cheap, but not free.
inline double score(double x) {
    double sum = 0;
    for (int k = 1; k <= 32; ++k) {
        const double t = x + k;
        sum += std::sqrt(t * t * t);
    }
    return sum;
}

/// Computes `results[i] = score(items[i])` for every i, using up to `threads` threads
/// (`threads` ≥ 1: the speedup test passes the usable cores, at most 8; other tests pass 1 to 8).
///
/// Throws std::invalid_argument, before computing anything, when `items` and `results`
/// differ in size. Each result must equal `score(items[i])` computed on its own (call
/// `score`, do not rearrange its arithmetic).
///
/// What the tests measure: the speedup over a serial loop on millions of items (the
/// lab 01 and lab 10 harness: 0.75 × the usable cores for full marks), and the cost per
/// item on 2 000 items, which must stay under 10 µs (the work itself is 0.1 µs).
void score_all(std::span<const double> items, std::span<double> results, unsigned threads);

// ---- Task 3: crash containment ---------------------------------------------------------

/// One task: returns a value, or crashes trying.
using Task = std::function<int()>;

/// How one task ended.
struct Outcome {
    std::optional<int> value;  ///< what the task returned, when it returned normally
    int signal = 0;            ///< the signal that ended it (SIGSEGV, SIGABRT, ...), else 0
    int exit_code = 0;         ///< else, the code its process ended with without returning a value
    /// A task crashed when it did not return a value: a signal, `_exit(code)` or
    /// `exit(code)` (any code, 0 too), an exception that escaped it (std::terminate
    /// ends its process with SIGABRT), or a sanitizer that ended its process.
    bool crashed() const { return !value.has_value(); }
};

/// Runs every task so that nothing a task does can harm the caller or the other tasks,
/// and returns one Outcome per task, in the order of `tasks`.
///
/// A task may write through a null pointer, call `abort()`, throw, or end its process
/// with `_exit(code)`; each of those is that task's outcome (`crashed()`), and every
/// other task still runs and returns its value. When it returns, every process it
/// started has ended and been waited for: no child is left running, and none as a
/// zombie (`waitpid(-1, ..., WNOHANG)` in the caller finds no child).
///
/// Under AddressSanitizer a crash may end a process with exit code 1 instead of a
/// signal: that is a crash too, with `signal` 0 and `exit_code` 1.
std::vector<Outcome> run_isolated(const std::vector<Task>& tasks);

}  // namespace lab11
