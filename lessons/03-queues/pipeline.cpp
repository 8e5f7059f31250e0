/// @file pipeline.cpp
/// @brief Three stages joined by bounded queues, shut down by closing each queue in turn.
///
///   generate 1..N --> [queue] --> square (2 workers) --> [queue] --> sum
///
/// Shutdown flows downstream with the data: the generator closes the first queue when
/// it has pushed everything; the squarers drain it and stop, and the *last* one to stop
/// closes the second queue; the summer drains that and stops. Nothing in flight is lost.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace {

// A bounded queue with close(): the shape the lab asks for, minus its extras.
template <class T>
class Channel {
public:
    explicit Channel(std::size_t capacity) : capacity_(capacity) {}

    void push(T item) {
        std::unique_lock lock(mutex_);
        not_full_.wait(lock, [&] { return items_.size() < capacity_; });
        items_.push_back(std::move(item));
        not_empty_.notify_one();
    }

    // The next item, or nothing once the channel is closed and drained.
    std::optional<T> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) return std::nullopt;
        T item = std::move(items_.front());
        items_.pop_front();
        not_full_.notify_one();
        return item;
    }

    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        not_empty_.notify_all();  // every waiting consumer must learn it is over
    }

private:
    const std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable not_full_, not_empty_;
    std::deque<T> items_;
    bool closed_ = false;
};

}  // namespace

int main() {
    constexpr long long n = 10'000;
    constexpr int squarers = 2;
    Channel<long long> numbers(8), squares(8);

    std::jthread generator([&] {
        for (long long i = 1; i <= n; ++i) numbers.push(i);
        numbers.close();  // "no more numbers": the squarers stop once they have drained the rest
    });

    std::atomic<int> squarers_left{squarers};
    std::vector<long long> squared_by(squarers, 0);
    std::vector<std::jthread> workers;
    for (int w = 0; w < squarers; ++w)
        workers.emplace_back([&, w] {
            while (auto x = numbers.pop()) {
                squares.push(*x * *x);
                ++squared_by[static_cast<std::size_t>(w)];
            }
            // Only the last squarer may close the next queue: the other may still be pushing.
            if (--squarers_left == 0) squares.close();
        });

    long long sum = 0, summed = 0;
    while (auto square = squares.pop()) {  // the summer: main itself
        sum += *square;
        ++summed;
    }
    workers.clear();  // joins them (they have all finished: squares was closed)

    const long long expected = n * (n + 1) * (2 * n + 1) / 6;
    std::printf("squarer 1 handled %lld numbers, squarer 2 handled %lld; the summer got %lld squares\n",
                squared_by[0], squared_by[1], summed);
    std::printf("sum of squares of 1..%lld = %lld (the formula says %lld)\n", n, sum, expected);
    const bool ok = sum == expected && summed == n;
    std::printf("check: every number went through every stage exactly once, and every stage stopped: %s\n",
                ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
