// Lab 00, reference solution.
#include "run_concurrently.hpp"

#include <cstddef>
#include <exception>
#include <thread>

namespace lab00 {

void run_concurrently(const std::vector<std::function<void()>>& tasks) {
    // One slot per task for its exception: each thread writes only its own slot, so no
    // lock is needed, and picking "the first in task order" afterwards is a simple loop.
    std::vector<std::exception_ptr> errors(tasks.size());
    {
        // std::jthread joins in its destructor, so leaving this scope waits for every
        // task, even if starting a later thread throws (std::system_error).
        std::vector<std::jthread> threads;
        threads.reserve(tasks.size());
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            threads.emplace_back([&tasks, &errors, i] {
                // An exception must not escape a thread's function: that calls std::terminate.
                try {
                    tasks[i]();
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            });
        }
    }
    for (const std::exception_ptr& error : errors)
        if (error) std::rethrow_exception(error);
}

std::vector<int> gather(const std::vector<std::function<int()>>& tasks) {
    // Each task writes its result into its own slot, so the results come out in task
    // order whatever order the tasks finish in. The rest is run_concurrently's job.
    std::vector<int> results(tasks.size());
    std::vector<std::function<void()>> writers;
    writers.reserve(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i)
        writers.emplace_back([&tasks, &results, i] { results[i] = tasks[i](); });
    run_concurrently(writers);
    return results;
}

}  // namespace lab00
