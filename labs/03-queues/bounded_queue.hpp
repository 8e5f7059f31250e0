/// @file bounded_queue.hpp
/// @brief Lab 03: a bounded blocking queue that producers and consumers share.
///
/// The contract of lab 03. BoundedQueue is a template, so its code lives here in the
/// header: replace each body that throws course::NotImplemented, and add the private
/// members you need. Every member function is safe to call from any thread at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "course/not_implemented.hpp"

namespace lab03 {

/// A first-in first-out queue of at most capacity() items, shared by any number of
/// producer and consumer threads: the C++ counterpart of Python's `queue.Queue(maxsize)`,
/// plus close().
///
/// A full queue makes producers wait (back-pressure: a fast producer slows to the pace
/// of its consumers instead of filling memory); an empty one makes consumers wait.
/// close() says "nothing more will come": producers are refused from then on, and
/// consumers take what is left, then learn the queue is finished.
///
/// Items from one producer come out in the order that producer pushed them.
/// @tparam T the item type; it only needs to be movable (std::unique_ptr works).
template <class T>
class BoundedQueue {
public:
    /// Task 1. Creates an empty, open queue that holds at most `capacity` items.
    /// @throws std::invalid_argument if `capacity` is 0.
    explicit BoundedQueue(std::size_t capacity) {
        (void)capacity;
        throw course::NotImplemented("BoundedQueue::BoundedQueue");
    }

    BoundedQueue(const BoundedQueue&) = delete;             ///< A queue is shared, never copied.
    BoundedQueue& operator=(const BoundedQueue&) = delete;  ///< A queue is shared, never copied.

    /// Task 1. Appends `item` at the back, first waiting for as long as the queue is full.
    ///
    /// Returns true once the item is in the queue. Returns false, and drops the item, if
    /// the queue is closed: already when push is called, or while it waits for room.
    bool push(T item) {
        (void)item;
        throw course::NotImplemented("BoundedQueue::push");
    }

    /// Task 1. Removes and returns the item at the front, first waiting for as long as
    /// the queue is empty and open.
    ///
    /// After close(), it still returns the items left in the queue, one per call; once
    /// the queue is closed *and* empty it returns std::nullopt at once. It never returns
    /// std::nullopt while the queue is open.
    std::optional<T> pop() { throw course::NotImplemented("BoundedQueue::pop"); }

    /// Task 1. How many items are in the queue right now.
    std::size_t size() const { throw course::NotImplemented("BoundedQueue::size"); }

    /// Task 1. The most items the queue holds at once: the constructor's `capacity`.
    std::size_t capacity() const { throw course::NotImplemented("BoundedQueue::capacity"); }

    /// Task 2. Appends `item` if the queue is open and has room, and returns true;
    /// otherwise returns false at once. Never waits.
    ///
    /// Moves from `item` only when it returns true, so a refused item stays with the
    /// caller, who can try again later: `if (!queue.try_push(std::move(job))) ...`.
    bool try_push(T&& item) {
        (void)item;
        throw course::NotImplemented("BoundedQueue::try_push");
    }

    /// Task 2. Removes and returns the item at the front if there is one; otherwise
    /// returns std::nullopt at once. Never waits.
    std::optional<T> try_pop() { throw course::NotImplemented("BoundedQueue::try_pop"); }

    /// Task 2. Like pop(), but waits at most about `timeout`: returns std::nullopt if no
    /// item arrived in time (or the queue is closed and empty).
    std::optional<T> pop_for(std::chrono::milliseconds timeout) {
        (void)timeout;
        throw course::NotImplemented("BoundedQueue::pop_for");
    }

    /// Task 3. Closes the queue for good and wakes every thread waiting in push, pop or
    /// pop_for, so none of them waits forever. Calling it again does nothing more.
    ///
    /// Items already in the queue stay there for consumers to take.
    void close() { throw course::NotImplemented("BoundedQueue::close"); }

    /// Task 3. Whether close() has been called.
    bool closed() const { throw course::NotImplemented("BoundedQueue::closed"); }

private:
    // Your members here. You will want a std::mutex (mutable, so that the const
    // functions can lock it), condition variables, a std::deque<T>, the capacity and
    // a closed flag.
};

}  // namespace lab03
