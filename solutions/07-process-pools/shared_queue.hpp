/// @file shared_queue.hpp
/// @brief Lab 07, part (b), reference solution: lesson 03's bounded blocking queue, in
/// memory shared between processes.
///
/// A queue in ordinary memory cannot join processes: after fork() each process has its
/// own copy of it. This one lives in a MAP_SHARED mapping made before fork(), so every
/// child that inherits the mapping sees the same bytes. The mutex and the two condition
/// variables live in that mapping too, made with the PTHREAD_PROCESS_SHARED attribute:
/// glibc then uses shared futexes, which the kernel finds by the physical page, so a
/// wake-up in one process reaches a waiter in another.
#pragma once

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <type_traits>

namespace lab07 {

/// A first-in first-out queue of at most capacity() items, shared by the process that
/// made it and every process forked from it afterwards: the C++ counterpart of Python's
/// `multiprocessing.Queue(maxsize)`, plus close().
///
/// Items are copied byte for byte into shared memory, so T must be trivially copyable
/// (no pointers to private memory, no std::string). Every member function is safe to
/// call from any process and any thread at once. Items from one producer come out in
/// the order that producer pushed them.
///
/// Lifetime: make the queue before fork(); let children use it and end with _exit() (so
/// their copy of the object is never destroyed); destroy it in the process that made it,
/// after every process using it has finished.
template <class T>
class SharedQueue {
    static_assert(std::is_trivially_copyable_v<T> && std::is_default_constructible_v<T>,
                  "SharedQueue<T> copies items byte for byte: T must be trivially copyable (and default-constructible)");

public:
    /// Task 4. Maps shared memory for the state and `capacity` slots, and initialises a
    /// process-shared mutex and two process-shared condition variables in it.
    /// @throws std::invalid_argument if `capacity` is 0.
    /// @throws std::system_error if the memory cannot be mapped.
    explicit SharedQueue(std::size_t capacity) {
        if (capacity == 0) throw std::invalid_argument("SharedQueue: capacity must be at least 1");
        bytes_ = slots_offset() + capacity * sizeof(T);
        void* memory = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap");
        state_ = new (memory) State{};

        pthread_mutexattr_t mutex_attributes;
        ::pthread_mutexattr_init(&mutex_attributes);
        ::pthread_mutexattr_setpshared(&mutex_attributes, PTHREAD_PROCESS_SHARED);
        ::pthread_mutex_init(&state_->mutex, &mutex_attributes);
        ::pthread_mutexattr_destroy(&mutex_attributes);

        pthread_condattr_t cond_attributes;
        ::pthread_condattr_init(&cond_attributes);
        ::pthread_condattr_setpshared(&cond_attributes, PTHREAD_PROCESS_SHARED);
        ::pthread_cond_init(&state_->not_full, &cond_attributes);
        ::pthread_cond_init(&state_->not_empty, &cond_attributes);
        ::pthread_condattr_destroy(&cond_attributes);

        state_->capacity = capacity;
        state_->creator = ::getpid();
    }

    /// Unmaps the memory; in the process that made the queue, first destroys the mutex
    /// and the condition variables. (Written for you.)
    ~SharedQueue() {
        if (state_ == nullptr) return;
        if (::getpid() == state_->creator) {
            ::pthread_cond_destroy(&state_->not_empty);
            ::pthread_cond_destroy(&state_->not_full);
            ::pthread_mutex_destroy(&state_->mutex);
        }
        ::munmap(state_, bytes_);
    }

    SharedQueue(const SharedQueue&) = delete;             ///< One queue, shared by mapping, never copied.
    SharedQueue& operator=(const SharedQueue&) = delete;  ///< One queue, shared by mapping, never copied.

    /// Task 4. Appends `item` at the back, first waiting for as long as the queue is full.
    /// Returns true once the item is in the queue; returns false, and drops the item, if
    /// the queue is closed, already or while it waits.
    bool push(const T& item) {
        Lock lock(state_->mutex);
        while (state_->count == state_->capacity && !state_->closed) ::pthread_cond_wait(&state_->not_full, &state_->mutex);
        if (state_->closed) return false;
        const std::size_t tail = (state_->head + state_->count) % state_->capacity;
        std::memcpy(&slots()[tail], &item, sizeof(T));
        ++state_->count;
        ::pthread_cond_signal(&state_->not_empty);  // one item: one consumer can use it
        return true;
    }

    /// Task 4. Removes and returns the item at the front, first waiting for as long as the
    /// queue is empty and open. After close() it still returns the items left, one per
    /// call; once the queue is closed *and* empty it returns std::nullopt at once.
    std::optional<T> pop() {
        Lock lock(state_->mutex);
        while (state_->count == 0 && !state_->closed) ::pthread_cond_wait(&state_->not_empty, &state_->mutex);
        if (state_->count == 0) return std::nullopt;  // closed and drained
        T item;
        std::memcpy(&item, &slots()[state_->head], sizeof(T));
        state_->head = (state_->head + 1) % state_->capacity;
        --state_->count;
        ::pthread_cond_signal(&state_->not_full);
        return item;
    }

    /// Task 4. Closes the queue: later pushes return false; pops return what is left, then
    /// std::nullopt. Wakes every process and thread waiting in push or pop. Calling it
    /// again does nothing.
    void close() {
        Lock lock(state_->mutex);
        state_->closed = true;
        // Every waiter must wake up and see `closed`: broadcast, not signal.
        ::pthread_cond_broadcast(&state_->not_empty);
        ::pthread_cond_broadcast(&state_->not_full);
    }

    /// Task 4. How many items are in the queue right now, as every process sees it.
    std::size_t size() const {
        Lock lock(state_->mutex);
        return state_->count;
    }

    /// Task 4. The most items the queue holds at once: the constructor's `capacity`.
    std::size_t capacity() const { return state_->capacity; }

private:
    /// Everything the processes share, at the start of the mapping; the slots follow it.
    struct State {
        pthread_mutex_t mutex;      // guards everything below, in every process
        pthread_cond_t not_full;    // signalled when a slot frees up, or on close
        pthread_cond_t not_empty;   // signalled when an item arrives, or on close
        std::size_t capacity = 0;
        std::size_t head = 0;       // slot of the oldest item
        std::size_t count = 0;      // items in the queue
        bool closed = false;
        pid_t creator = 0;          // the process that made the queue, and destroys it
    };

    /// Holds a pthread mutex for one scope (std::lock_guard needs a std::mutex).
    class Lock {
    public:
        explicit Lock(pthread_mutex_t& mutex) : mutex_(mutex) { ::pthread_mutex_lock(&mutex_); }
        ~Lock() { ::pthread_mutex_unlock(&mutex_); }
        Lock(const Lock&) = delete;
        Lock& operator=(const Lock&) = delete;

    private:
        pthread_mutex_t& mutex_;
    };

    /// Where the slots start: after the State, aligned for T.
    static constexpr std::size_t slots_offset() { return (sizeof(State) + alignof(T) - 1) / alignof(T) * alignof(T); }
    T* slots() const { return reinterpret_cast<T*>(reinterpret_cast<char*>(state_) + slots_offset()); }

    State* state_ = nullptr;  // the start of the shared mapping
    std::size_t bytes_ = 0;   // its length
};

}  // namespace lab07
