/// @file bounded_queue.hpp
/// @brief Lab 03, reference solution: a bounded blocking queue with close().
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

namespace lab03 {

/// A first-in first-out queue of at most capacity() items, shared by any number of
/// producer and consumer threads. See labs/03-queues/bounded_queue.hpp for the contract.
template <class T>
class BoundedQueue {
public:
    /// Creates an empty, open queue that holds at most `capacity` items.
    /// @throws std::invalid_argument if `capacity` is 0.
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {
        if (capacity == 0) throw std::invalid_argument("BoundedQueue: capacity must be at least 1");
    }

    BoundedQueue(const BoundedQueue&) = delete;
    BoundedQueue& operator=(const BoundedQueue&) = delete;

    /// Waits while the queue is full, then appends `item`; returns false (dropping
    /// `item`) if the queue is or becomes closed first.
    bool push(T item) {
        std::unique_lock lock(mutex_);
        // The predicate is checked in a loop inside wait(): a wake-up only means "look
        // again", because another producer may have taken the free slot first.
        not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
        if (closed_) return false;
        items_.push_back(std::move(item));
        lock.unlock();  // the woken consumer will need the mutex: release it first
        not_empty_.notify_one();  // one new item can satisfy only one consumer
        return true;
    }

    /// Appends `item` if there is room and the queue is open; never waits. Moves from
    /// `item` only when it returns true.
    bool try_push(T&& item) {
        std::unique_lock lock(mutex_);
        if (closed_ || items_.size() >= capacity_) return false;
        items_.push_back(std::move(item));
        lock.unlock();
        not_empty_.notify_one();
        return true;
    }

    /// Waits while the queue is empty and open; returns the oldest item, or nothing
    /// once the queue is closed and empty.
    std::optional<T> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
        return take(lock);
    }

    /// Returns the oldest item if there is one; never waits.
    std::optional<T> try_pop() {
        std::unique_lock lock(mutex_);
        return take(lock);
    }

    /// Like pop(), but gives up after `timeout` and returns nothing.
    std::optional<T> pop_for(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        // wait_for with a predicate measures the timeout once, from now, however
        // many times the thread wakes up early.
        not_empty_.wait_for(lock, timeout, [&] { return !items_.empty() || closed_; });
        return take(lock);
    }

    /// Closes the queue and wakes every waiting thread.
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        // Every waiter must see the change, not just one: blocked producers must give
        // up, and every blocked consumer must learn there is nothing more to come.
        not_full_.notify_all();
        not_empty_.notify_all();
    }

    /// Whether close() has been called.
    bool closed() const {
        std::lock_guard lock(mutex_);
        return closed_;
    }

    /// How many items are in the queue now (already stale when it returns, if other
    /// threads are busy: good for monitoring, not for deciding whether to pop).
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return items_.size();
    }

    /// The most items the queue holds at once.
    std::size_t capacity() const { return capacity_; }  // never changes: no lock needed

private:
    // Removes and returns the oldest item, if any; `lock` holds mutex_. Items left after
    // close() are still handed out, so closing never loses work already queued.
    std::optional<T> take(std::unique_lock<std::mutex>& lock) {
        if (items_.empty()) return std::nullopt;
        std::optional<T> item(std::move(items_.front()));
        items_.pop_front();
        lock.unlock();
        not_full_.notify_one();  // one slot freed: one producer may go on
        return item;
    }

    const std::size_t capacity_;
    mutable std::mutex mutex_;            // guards items_ and closed_
    std::condition_variable not_full_;    // producers wait here
    std::condition_variable not_empty_;   // consumers wait here
    std::deque<T> items_;
    bool closed_ = false;
};

}  // namespace lab03
