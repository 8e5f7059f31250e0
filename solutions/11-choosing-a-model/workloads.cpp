// Lab 11, the reference solution: one model per workload, each the one lesson 11 picks.
//   task 1, many waits:        C++20 coroutines on one thread (Boost.Asio timers)
//   task 2, cheap CPU items:   one std::jthread per core, each with one contiguous chunk
//   task 3, tasks that crash:  a fork()ed child per task, its value back through a pipe
#include <utility>  // first: Boost 1.74's asio/awaitable.hpp uses std::exchange without including it

#include "workloads.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace lab11 {

// ---- Task 1 ----------------------------------------------------------------------------

namespace {

// One request: a timer wait that suspends only this coroutine, then the answer.
// `slot` is an element of fetch_all's vector, which outlives io.run() and so this coroutine.
boost::asio::awaitable<void> request(std::size_t index, std::chrono::milliseconds latency, int& slot) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, latency);
    co_await timer.async_wait(boost::asio::use_awaitable);
    slot = response_to(index);
}

}  // namespace

std::vector<int> fetch_all(std::size_t n, std::chrono::milliseconds latency) {
    std::vector<int> results(n);
    boost::asio::io_context io;  // the event loop: it runs on this thread only, in run()
    for (std::size_t i = 0; i < n; ++i)
        boost::asio::co_spawn(io, request(i, latency, results[i]), boost::asio::detached);
    io.run();  // returns once no coroutine is left waiting
    return results;
}

// ---- Task 2 ----------------------------------------------------------------------------

void score_all(std::span<const double> items, std::span<double> results, unsigned threads) {
    if (items.size() != results.size()) throw std::invalid_argument("score_all: items and results differ in size");
    const std::size_t n = items.size();
    const std::size_t parts = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(n, 1));
    const auto score_range = [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) results[i] = score(items[i]);
    };
    // One contiguous chunk per thread: each thread starts once, whatever n is, and writes
    // only its own part of `results` (no sharing, no lock). The caller takes the last chunk.
    std::vector<std::jthread> workers;
    workers.reserve(parts - 1);
    for (std::size_t part = 0; part + 1 < parts; ++part)
        workers.emplace_back(score_range, n * part / parts, n * (part + 1) / parts);
    score_range(n * (parts - 1) / parts, n);
}  // the jthreads join here

// ---- Task 3 ----------------------------------------------------------------------------

namespace {

// Reads up to `size` bytes, retrying short reads and signals; returns how many arrived.
std::size_t read_fully(int fd, void* buffer, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t now = ::read(fd, static_cast<char*>(buffer) + got, size - got);
        if (now > 0) got += static_cast<std::size_t>(now);
        else if (now == 0 || errno != EINTR) break;  // EOF: the child ended without writing all of it
    }
    return got;
}

Outcome run_in_child(const Task& task) {
    int ends[2];
    if (::pipe(ends) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    std::fflush(nullptr);  // or the child would print the parent's buffered output again
    const pid_t child = ::fork();
    if (child < 0) {
        const int error = errno;
        ::close(ends[0]), ::close(ends[1]);
        throw std::system_error(error, std::generic_category(), "fork");
    }
    if (child == 0) {
        // The child runs the task and never returns into the caller's code: it ends here
        // with _exit (no atexit handlers, no second flush of inherited buffers).
        ::close(ends[0]);
        int value = 0;
        try {
            value = task();
        } catch (...) {
            std::terminate();  // what an uncaught exception does to any program: SIGABRT
        }
        const bool sent = ::write(ends[1], &value, sizeof value) == static_cast<ssize_t>(sizeof value);
        ::_exit(sent ? 0 : 1);
    }
    ::close(ends[1]);  // the parent keeps only the read end: EOF once the child is gone
    int value = 0;
    const std::size_t got = read_fully(ends[0], &value, sizeof value);
    ::close(ends[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    Outcome outcome;
    if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
    else if (got == sizeof value && WEXITSTATUS(status) == 0) outcome.value = value;
    else outcome.exit_code = WEXITSTATUS(status);
    return outcome;
}

}  // namespace

std::vector<Outcome> run_isolated(const std::vector<Task>& tasks) {
    // One child at a time keeps it simple and the order obvious; the isolation is what
    // this workload needs, not speed.
    std::vector<Outcome> outcomes;
    outcomes.reserve(tasks.size());
    for (const auto& task : tasks) outcomes.push_back(run_in_child(task));
    return outcomes;
}

}  // namespace lab11
