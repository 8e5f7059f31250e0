/// @file lockfree_spsc.cpp
/// @brief Boost.Lockfree's spsc_queue: a production queue for exactly one producer and one consumer.
///
/// A mutex-and-condition-variable queue puts a sleeping thread to bed and wakes it
/// again, which costs tens of microseconds. A lock-free single-producer single-consumer
/// ring buffer never sleeps: push and pop are a few atomic loads and stores, and a side
/// that finds the ring full (or empty) simply tries again. Fast, but it burns a core
/// while it waits, and it allows only one thread on each end.
#include <boost/lockfree/spsc_queue.hpp>
#include <cstdio>
#include <thread>

#include "course/timing.hpp"

int main() {
    constexpr long long items = 2'000'000;
    boost::lockfree::spsc_queue<long long, boost::lockfree::capacity<1024>> ring;

    long long sum = 0;
    const double ms = course::time_ms([&] {
        std::jthread producer([&] {
            for (long long i = 1; i <= items; ++i)
                while (!ring.push(i)) std::this_thread::yield();  // full: let the consumer run
        });
        for (long long taken = 0; taken < items;) {
            long long value = 0;
            if (ring.pop(value)) {
                sum += value;
                ++taken;
            } else {
                std::this_thread::yield();  // empty: let the producer run
            }
        }
    });

    const long long expected = items * (items + 1) / 2;
    std::printf("%lld items through a 1024-slot lock-free ring in %.0f ms (%.0f ns per item)\n", items, ms,
                ms * 1e6 / static_cast<double>(items));
    std::printf("check: the consumer received every item exactly once (sum %lld): %s\n", sum,
                sum == expected ? "yes" : "NO");
    return sum == expected ? 0 : 1;
}
