/// @file mutex_vs_atomic.cpp
/// @brief The lost-update counter fixed twice, with std::mutex and with std::atomic, and timed.
#include <atomic>
#include <cstdio>
#include <latch>
#include <mutex>
#include <thread>

#include "course/timing.hpp"

namespace {

constexpr long increments = 2'000'000;  // per thread
constexpr int threads = 2;

// Runs add_one() `increments` times on each of `threads` threads started together.
template <class AddOne>
double run(AddOne add_one) {
    return course::time_ms([&] {
        std::latch start(threads);
        std::jthread workers[threads];
        for (auto& worker : workers)
            worker = std::jthread([&] {
                start.arrive_and_wait();
                for (long i = 0; i < increments; ++i) add_one();
            });
    });
}

}  // namespace

int main() {
    const long expected = threads * increments;

    // Fix 1: a mutex. lock_guard locks in its constructor and unlocks in its destructor,
    // so the counter is never touched by two threads at once, even if the body throws.
    long guarded = 0;
    std::mutex guard;
    const double mutex_ms = run([&] {
        std::lock_guard lock(guard);
        ++guarded;
    });

    // Fix 2: an atomic. fetch_add is one indivisible read-modify-write (`lock xadd` on x86,
    // a retry loop on ARMv8.0): no thread can slip in between the read and the write.
    // relaxed is enough: the counter publishes no other data, and main reads it after the
    // joins, which order everything the workers did.
    std::atomic<long> atomic_counter{0};
    const double atomic_ms = run([&] { atomic_counter.fetch_add(1, std::memory_order_relaxed); });

    // Better still: share nothing while working. Each thread counts on its own and the
    // totals are combined once at the end (what lab 01's parallel_sum does).
    std::atomic<long> combined{0};
    const double local_ms = course::time_ms([&] {
        std::jthread workers[threads];
        for (auto& worker : workers)
            worker = std::jthread([&] {
                long mine = 0;
                for (long i = 0; i < increments; ++i) course::keep(++mine);
                combined += mine;
            });
    });

    const double mutex_ns = mutex_ms * 1e6 / static_cast<double>(expected);
    const double atomic_ns = atomic_ms * 1e6 / static_cast<double>(expected);
    const double local_ns = local_ms * 1e6 / static_cast<double>(expected);
    std::printf("%d threads x %ld increments each, expected total %ld\n", threads, increments, expected);
    std::printf("  std::mutex + lock_guard  total %ld  %7.1f ms  (%5.1f ns per increment)\n", guarded, mutex_ms,
                mutex_ns);
    std::printf("  std::atomic fetch_add    total %ld  %7.1f ms  (%5.1f ns per increment)\n", atomic_counter.load(),
                atomic_ms, atomic_ns);
    std::printf("  local counts, one add    total %ld  %7.1f ms  (%5.1f ns per increment)\n", combined.load(),
                local_ms, local_ns);

    const bool correct = guarded == expected && atomic_counter == expected && combined == expected;
    std::printf("%s\n", correct ? "check: all three totals are right."
                                : "check FAILED: a total is wrong, which a lock or an atomic must prevent.");
    if (mutex_ns > atomic_ns && atomic_ns > local_ns)
        std::printf("Here the lock cost the most, the atomic less, and sharing nothing least: the less the\n"
                    "threads share while working, the less they pay.\n");
    else
        std::printf("This run did not rank them lock > atomic > sharing nothing, as a quiet machine does;\n"
                    "other programs were probably busy. Run it again.\n");
    return correct ? 0 : 1;
}
