/// @file tbb_bounded_queue.cpp
/// @brief oneTBB's concurrent_bounded_queue: a production blocking queue with a capacity.
///
/// push() waits while the queue is full and pop() while it is empty, for any number of
/// producers and consumers: the lab's BoundedQueue, well tested and tuned. It has no
/// close(); its abort() wakes every waiter with an exception and keeps the items, so a
/// clean shutdown that drains the queue sends one "stop" item per consumer instead.
#include <oneapi/tbb/concurrent_queue.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

int main() {
    constexpr int producers = 2, consumers = 3, per_producer = 50'000;
    constexpr int stop = -1;  // one per consumer, sent after every producer has finished
    tbb::concurrent_bounded_queue<int> queue;
    queue.set_capacity(16);  // push() waits while 16 items are queued: back-pressure

    std::atomic<long long> sum{0};
    std::atomic<int> received{0};
    std::vector<std::jthread> consuming;
    for (int c = 0; c < consumers; ++c)
        consuming.emplace_back([&] {
            for (;;) {
                int item = 0;
                queue.pop(item);  // waits for an item
                if (item == stop) return;
                sum += item;
                ++received;
            }
        });
    {
        std::vector<std::jthread> producing;
        for (int p = 0; p < producers; ++p)
            producing.emplace_back([&] {
                for (int i = 1; i <= per_producer; ++i) queue.push(i);
            });
    }  // the producers are joined here
    for (int c = 0; c < consumers; ++c) queue.push(stop);
    consuming.clear();  // joins the consumers

    const long long expected = 1LL * producers * per_producer * (per_producer + 1) / 2;
    std::printf("%d producers, %d consumers, capacity %td: %d items received, sum %lld\n", producers, consumers,
                queue.capacity(), received.load(), sum.load());
    const bool ok = sum == expected && received == producers * per_producer;
    std::printf("check: every item arrived exactly once: %s\n", ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
