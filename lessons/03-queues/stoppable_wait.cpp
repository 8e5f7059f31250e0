/// @file stoppable_wait.cpp
/// @brief condition_variable_any + std::stop_token: a jthread blocked on an empty queue wakes when asked to stop.
///
/// Lesson 01's jthread asks its worker to stop through a stop_token, but a worker
/// asleep in condition_variable::wait() never looks at the token. C++20's
/// std::condition_variable_any has a wait that takes the token too: it returns when
/// the predicate holds *or* a stop is requested, with no lost wake-up. So a consumer
/// needs neither a "no more" flag nor a poison pill to stop.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <stop_token>
#include <thread>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int main() {
    std::mutex mutex;
    std::condition_variable_any changed;  // _any: the kind whose wait accepts a stop_token
    std::deque<int> jobs;                 // guarded by mutex
    int done = 0;                         // guarded by mutex
    Clock::time_point woke_at;

    std::jthread consumer([&](std::stop_token token) {
        std::unique_lock lock(mutex);
        for (;;) {
            // Sleeps until there is a job or a stop is requested; re-checks after every wake-up.
            if (!changed.wait(lock, token, [&] { return !jobs.empty(); })) break;  // false: stop requested
            jobs.pop_front();
            ++done;
        }
        woke_at = Clock::now();
    });

    for (int n = 0; n < 3; ++n) {
        { std::lock_guard lock(mutex); jobs.push_back(n); }
        changed.notify_one();
    }
    std::this_thread::sleep_for(50ms);  // the consumer has taken all three and sleeps on the empty queue

    const auto asked_at = Clock::now();
    consumer.request_stop();  // wakes the wait: no notify, no flag, no poison pill
    consumer.join();          // (the jthread destructor would do both of these for us)
    const double ms = std::chrono::duration<double, std::milli>(woke_at - asked_at).count();

    std::printf("the consumer took %d jobs, then slept on the empty queue\n", done);
    std::printf("request_stop() woke it; it left its loop %.2f ms later\n", ms);
    const bool ok = done == 3 && ms < 1000;
    std::printf("%s\n", ok ? "check passed: every job taken, and the stop woke the sleeping consumer"
                           : "CHECK FAILED: a job was lost or the stop did not wake the consumer");
    return ok ? 0 : 1;
}
