/// @file back_pressure.cpp
/// @brief A bounded queue slows a fast producer down to its consumer's pace.
///
/// Without a bound, a producer faster than its consumer piles up work in memory until
/// something breaks. With one, push() waits while the queue is full: the producer is
/// held back (back-pressure) and memory use stays at `capacity` items.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "course/timing.hpp"

using namespace std::chrono_literals;

namespace {

// Just enough of a bounded queue to show the idea; the lab builds the real one.
class BoundedBuffer {
public:
    explicit BoundedBuffer(std::size_t capacity) : capacity_(capacity) {}

    void push(int item) {
        std::unique_lock lock(mutex_);
        if (items_.size() >= capacity_) ++producer_waits_;  // about to be held back
        not_full_.wait(lock, [&] { return items_.size() < capacity_; });
        items_.push_back(item);
        most_held_ = std::max(most_held_, items_.size());
        not_empty_.notify_one();
    }

    int pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty(); });
        const int item = items_.front();
        items_.pop_front();
        not_full_.notify_one();
        return item;
    }

    int producer_waits() const { std::lock_guard lock(mutex_); return producer_waits_; }
    std::size_t most_held() const { std::lock_guard lock(mutex_); return most_held_; }

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable not_full_, not_empty_;
    std::deque<int> items_;
    int producer_waits_ = 0;
    std::size_t most_held_ = 0;
};

// A fast producer (no work per item) and a slow consumer (2 ms per item). Returns how
// many times the producer was held back, or -1 if the queue ever held too many items;
// the consumer's total time goes to `consumer_total_ms`.
int run(std::size_t capacity, int items, double& consumer_total_ms) {
    BoundedBuffer buffer(capacity);
    double producer_ms = 0;
    std::jthread producer([&] {
        producer_ms = course::time_ms([&] { for (int i = 0; i < items; ++i) buffer.push(i); });
    });
    const double consumer_ms = course::time_ms([&] {
        for (int i = 0; i < items; ++i) {
            buffer.pop();
            std::this_thread::sleep_for(2ms);
        }
    });
    producer.join();
    std::printf("capacity %3zu: most items held %3zu, producer held back %3d times, "
                "producer done after %3.0f ms, consumer after %3.0f ms\n",
                capacity, buffer.most_held(), buffer.producer_waits(), producer_ms, consumer_ms);
    consumer_total_ms = consumer_ms;
    return buffer.most_held() > capacity ? -1 : buffer.producer_waits();
}

}  // namespace

int main() {
    constexpr int items = 100;
    double unbounded_ms = 0, bounded_ms = 0;
    const int unbounded_waits = run(items, items, unbounded_ms);  // room for everything: no back-pressure
    const int bounded_waits = run(4, items, bounded_ms);          // room for 4: the producer keeps pace
    std::printf("\nWith room for everything the producer finishes at once and all %d items wait in memory.\n"
                "With capacity 4 it is held back on nearly every push and never more than 4 items wait.\n",
                items);
    if (bounded_ms < 1.15 * unbounded_ms)
        std::printf("The whole run took about as long (%.0f ms against %.0f ms): the consumer was the\n"
                    "bottleneck all along.\n", bounded_ms, unbounded_ms);
    else
        std::printf("This time the bounded run took longer (%.0f ms against %.0f ms); on a quiet machine\n"
                    "they take about as long. Run it again.\n", bounded_ms, unbounded_ms);
    const bool as_expected = unbounded_waits == 0 && bounded_waits > 0;
    std::printf("check: the bound held, and only the bounded producer was held back: %s\n",
                as_expected ? "yes" : "NO");
    return as_expected ? 0 : 1;
}
