/// @file stop_flag.cpp
/// @brief A plain bool as a stop flag (a data race: at -O2 the worker may never see it) next to std::atomic<bool>.
///
/// Part 1 stops a spinning worker with std::atomic<bool>: the worker sees the store
/// and leaves. Part 2 does the same with a plain bool. That is a data race, so the
/// compiler may assume no other thread changes the flag while the loop runs, read it
/// once, and spin forever. A watchdog bounds the damage: if the worker still spins
/// 200 ms after the stop, the demo says so and ends the process with _exit (a thread
/// that never returns cannot be joined). Under --tsan, ThreadSanitizer reports the race.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

namespace {

std::atomic<bool> atomic_stop{false};
bool plain_stop = false;  // BUG (on purpose): written by main, read by the worker, no synchronisation

std::atomic<bool> plain_worker_left{false};  // how the watchdog learns the worker got out
std::atomic<long> plain_spins{0};            // the loop's result is used, so it cannot be deleted

// Spins until the flag is set. Both loops have no other side effect, so an optimiser
// that believes nobody else writes the flag may check it only once.
long spin_on_atomic() {
    long spins = 0;
    while (!atomic_stop.load()) ++spins;  // every iteration really reads the flag
    return spins;
}

long spin_on_plain() {
    long spins = 0;
    while (!plain_stop) ++spins;  // the compiler may hoist this read out of the loop
    return spins;
}

}  // namespace

int main() {
    std::printf("1. std::atomic<bool> stop flag:\n");
    long atomic_spins = 0;
    std::thread atomic_worker([&] { atomic_spins = spin_on_atomic(); });
    std::this_thread::sleep_for(50ms);
    atomic_stop.store(true);
    atomic_worker.join();
    std::printf("   the worker saw the stop and left after %ld spins\n", atomic_spins);

    std::printf("2. plain bool stop flag (a data race):\n");
    std::thread plain_worker([] {
        plain_spins = spin_on_plain();
        plain_worker_left = true;
    });
    std::this_thread::sleep_for(50ms);
    plain_stop = true;
    const auto stopped_at = std::chrono::steady_clock::now();
    while (!plain_worker_left && std::chrono::steady_clock::now() - stopped_at < 200ms)
        std::this_thread::sleep_for(1ms);  // the watchdog: wait at most 200 ms
    if (plain_worker_left) {
        plain_worker.join();
        std::printf("   this time the worker saw the store and left after %ld spins (an unoptimised or\n"
                    "   instrumented build reads the flag every time).\n", plain_spins.load());
        std::printf("   Nothing guarantees it: the program still has a data race, and --tsan reports it.\n");
        return 0;
    }
    std::printf("   the worker is still spinning 200 ms after the stop: the optimiser most likely read the\n"
                "   plain bool once, before the loop: a data race is undefined behaviour, so it may\n"
                "   assume none happens. It would spin forever; the demo ends the process instead.\n"
                "   The fix is part 1: std::atomic<bool> (or a std::stop_token, lesson 01).\n");
    std::fflush(stdout);
    _exit(0);  // the spinning thread cannot be joined; leave without running destructors
}
