// Lab 08, tasks 1 and 2: the reference solution. The contract is in fetch.hpp.
#include "fetch.hpp"

#include <boost/fiber/all.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace lab08 {

std::string fetch(const std::string& url, std::chrono::milliseconds latency) {
    // Suspends this fiber only: the scheduler runs the thread's other fibers meanwhile.
    // std::this_thread::sleep_for here would put the whole thread, and every fiber on
    // it, to sleep.
    boost::this_fiber::sleep_for(latency);
    return "contents of " + url;
}

namespace {

// Runs one task and keeps whatever it produced: a value, or the exception it threw.
Result run_one(const Task& task) {
    Result result;
    try {
        result.value = task();
    } catch (const std::exception& error) {
        result.exception = std::current_exception();
        result.error = error.what();
    } catch (...) {
        result.exception = std::current_exception();
        result.error = "unknown exception";
    }
    return result;
}

}  // namespace

std::vector<Result> fetch_all(const std::vector<Task>& tasks, std::size_t limit) {
    if (limit == 0) throw std::invalid_argument("fetch_all: the limit must be at least 1");
    std::vector<Result> results(tasks.size());  // slot i belongs to task i: input order for free

    // `limit` worker fibers, each taking the next task until none is left: never more
    // than `limit` tasks run, and a worker that finishes starts the next task at once.
    // On one thread a plain counter would do (fibers switch only where one suspends,
    // never between the read and the increment); the atomic keeps it correct if the
    // caller installed a scheduler that moves fibers between threads.
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < tasks.size(); i = next++) results[i] = run_one(tasks[i]);
    };
    std::vector<boost::fibers::fiber> workers;
    const std::size_t count = std::min(limit, tasks.size());
    workers.reserve(count);
    for (std::size_t w = 0; w < count; ++w) workers.emplace_back(worker);
    for (auto& fiber : workers) fiber.join();  // join() suspends this fiber, so the workers run
    return results;
}

}  // namespace lab08
