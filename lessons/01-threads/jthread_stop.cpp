/// @file jthread_stop.cpp
/// @brief std::jthread: cooperative cancellation with a stop token, a stop_callback, and the automatic join.
///
/// Standard C++ has no way to kill a thread from outside (nor has Python's threading). It can
/// only *ask* it to stop:
/// a std::jthread carries a std::stop_source; the worker polls its std::stop_token and
/// leaves its loop when a stop is requested. The jthread's destructor requests a stop
/// and joins, so forgetting to join is no longer fatal.
#include <atomic>
#include <chrono>
#include <iostream>
#include <stop_token>
#include <thread>

using namespace std::chrono_literals;

namespace {

// A worker that would run forever: it checks the token between small steps of work.
// The check is cheap (one atomic load), so a step can be short and the stop prompt.
void count_until_stopped(std::stop_token token, std::atomic<long>& steps) {
    while (!token.stop_requested()) {
        steps.fetch_add(1, std::memory_order_relaxed);
        std::this_thread::sleep_for(1ms);  // stands in for one small piece of real work
    }
}

}  // namespace

int main() {
    bool ok = true;

    std::cout << "1. request_stop() asks; the worker notices at its next check.\n";
    std::atomic<long> steps{0};
    std::jthread worker(count_until_stopped, std::ref(steps));  // the token is passed first, automatically

    // A stop_callback runs once, in the thread that calls request_stop(). Use it to
    // wake something a worker may be blocked on (a socket, a condition variable).
    bool callback_ran = false;
    std::stop_callback on_stop(worker.get_stop_token(), [&] { callback_ran = true; });

    std::this_thread::sleep_for(50ms);
    const bool first_request = worker.request_stop();  // true: this call made the request
    worker.join();
    std::cout << "  the worker did " << steps.load() << " steps and left its loop;"
              << " the stop callback ran: " << std::boolalpha << callback_ran << "\n";
    ok = ok && first_request && callback_ran && !worker.joinable();

    std::cout << "2. Leaving the scope stops and joins a jthread for you.\n";
    std::atomic<long> more_steps{0};
    {
        std::jthread forgotten(count_until_stopped, std::ref(more_steps));
        std::this_thread::sleep_for(20ms);
    }  // ~jthread: request_stop(), then join(). A std::thread here would call std::terminate.
    const long after_scope = more_steps.load();
    std::this_thread::sleep_for(20ms);
    const bool stayed = more_steps.load() == after_scope;
    std::cout << "  after the closing brace " << (stayed ? "the worker has stopped: its count stays at "
                                                          : "the count STILL CHANGED: it is now ")
              << more_steps.load() << "\n";
    ok = ok && stayed;

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ") << "both workers stopped when asked\n";
    return ok ? 0 : 1;
}
