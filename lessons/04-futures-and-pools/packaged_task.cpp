/// @file packaged_task.cpp
/// @brief A std::packaged_task is a call and its promise in one object: queue it now, run it anywhere later.
///
/// This is the building block of every thread pool. submit() wraps the call in a
/// packaged_task, keeps its future for the caller, and puts the task in a queue; a
/// worker thread takes it out later and simply calls it. Here one worker runs a queue
/// of tasks that was filled before it started.
#include <cmath>
#include <deque>
#include <future>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

double root(double x) { return std::sqrt(x); }

}  // namespace

int main() {
    std::deque<std::packaged_task<double()>> queue;  // the calls, waiting to be run
    std::vector<std::future<double>> futures;        // what the "caller" keeps

    for (int i = 1; i <= 5; ++i) {
        std::packaged_task<double()> task([i] { return root(i * i); });  // nothing runs yet
        futures.push_back(task.get_future());
        queue.push_back(std::move(task));  // move-only, like a promise
    }
    const bool nothing_ready = futures[0].wait_for(std::chrono::seconds(0)) == std::future_status::timeout;
    std::cout << "5 tasks queued; is the first result ready yet? " << (nothing_ready ? "no" : "yes") << "\n";

    // One worker thread runs the whole queue. (The queue is filled before the worker starts
    // and only the worker touches it afterwards, so no lock is needed here; a real pool
    // adds a mutex and a condition variable, as in lesson 03.)
    std::jthread worker([&queue] {
        while (!queue.empty()) {
            std::packaged_task<double()> task = std::move(queue.front());
            queue.pop_front();
            task();  // runs the call and stores its result (or exception) for the future
        }
    });

    bool ok = nothing_ready;
    for (std::size_t i = 0; i < futures.size(); ++i) {
        const double value = futures[i].get();
        std::cout << "task " << i + 1 << " -> " << std::fixed << std::setprecision(1) << value << "\n";
        ok = ok && value == static_cast<double>(i + 1);
    }
    std::cout << (ok ? "check passed: " : "CHECK FAILED: ")
              << "no result before the worker ran; every future got its task's result\n";
    return ok ? 0 : 1;
}
