/// @file latch_and_barrier.cpp
/// @brief std::latch (a one-shot countdown: start together) and std::barrier (a reusable meeting point between phases).
///
/// Many demos and tests of this course start their threads with a std::latch, so that
/// the threads really overlap. A latch counts down once and opens for good. A
/// std::barrier is the reusable version: every phase, each thread arrives and waits
/// until all have arrived; then a completion function runs once and the next phase starts.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <latch>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int main() {
    constexpr int workers = 3;
    bool ok = true;

    std::printf("1. std::latch: %d workers wait at the gate until main counts it down once.\n", workers);
    std::latch gate{1};
    std::vector<Clock::time_point> started(workers);
    const auto opened_at = [&] {
        std::vector<std::jthread> threads;
        for (int w = 0; w < workers; ++w)
            threads.emplace_back([&, w] {
                gate.wait();  // blocks until the count reaches zero
                started[w] = Clock::now();
            });
        std::this_thread::sleep_for(50ms);  // the workers are all waiting at the gate by now
        const auto now = Clock::now();
        gate.count_down();  // 1 -> 0: the gate opens, for everyone, for good
        return now;
    }();  // the jthreads join here
    double latest_ms = 0;
    for (const auto& t : started)
        latest_ms = std::max(latest_ms, std::chrono::duration<double, std::milli>(t - opened_at).count());
    bool none_early = true;
    for (const auto& t : started) none_early = none_early && t >= opened_at;
    std::printf("   every worker started within %.2f ms of the gate opening, %s\n", latest_ms,
                none_early ? "none before it" : "but SOME STARTED BEFORE IT");
    ok = ok && none_early;

    std::printf("2. std::barrier: %d workers, 3 phases; nobody starts phase p+1 before all finished p.\n", workers);
    int phase = 0;
    std::string log;  // written by the completion function only, while every worker waits
    std::barrier sync(workers, [&]() noexcept {
        log += (log.empty() ? "end of phase " : ", ") + std::to_string(++phase);
    });
    std::vector<int> last_phase_seen(workers, 0);
    std::atomic<bool> in_step{true};  // atomic: several workers may write it at once
    {
        std::vector<std::jthread> threads;
        for (int w = 0; w < workers; ++w)
            threads.emplace_back([&, w] {
                for (int p = 1; p <= 3; ++p) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(5 * (w + 1)));  // uneven work
                    if (phase != p - 1) in_step = false;  // the barrier keeps every worker in step
                    sync.arrive_and_wait();  // one thread (libstdc++: the last) runs the completion
                    last_phase_seen[w] = phase;
                }
            });
    }
    std::printf("   %s\n", log.c_str());
    ok = ok && in_step;
    for (int seen : last_phase_seen) ok = ok && seen == 3;

    std::printf("%s every worker waited for the others at each step\n", ok ? "check passed:" : "CHECK FAILED:");
    return ok ? 0 : 1;
}
