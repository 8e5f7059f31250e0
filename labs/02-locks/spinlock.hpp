/// @file spinlock.hpp
/// @brief Lab 02, Task 5: a spinlock built on one std::atomic<bool>.
///
/// The memory model in one class. A lock does two jobs: it keeps other threads out
/// (mutual exclusion), and it makes what one owner wrote visible to the next owner
/// (ordering). The first job needs an atomic read-modify-write; the second needs the
/// right memory orders: `acquire` when the lock is taken, `release` when it is given
/// back. With `relaxed` instead, the lock still excludes, but the next owner may see
/// stale data: ThreadSanitizer reports a data race on what the lock protects.
///
/// Every member function is safe to call from any thread at any time.
#pragma once

#include <atomic>

namespace lab02 {

/// A lock that waits by spinning (retrying) instead of sleeping.
///
/// It meets the standard's Lockable requirements, so `std::lock_guard<SpinLock>` and
/// `std::scoped_lock` work with it. Spinning suits critical sections of a few
/// instructions; for anything longer, a std::mutex (which sleeps) wastes less CPU.
class SpinLock {
public:
    SpinLock() = default;
    SpinLock(const SpinLock&) = delete;             ///< A lock is shared, never copied.
    SpinLock& operator=(const SpinLock&) = delete;  ///< A lock is shared, never copied.

    /// Task 5. Blocks until this thread owns the lock. Whatever the previous owner wrote
    /// before its unlock() is visible to this thread once lock() returns.
    /// Locking a SpinLock this thread already owns is not allowed (it spins forever).
    void lock();

    /// Task 5. Takes the lock if it is free and returns true; otherwise returns false
    /// at once. Never waits. A true result gives the same visibility as lock().
    bool try_lock();

    /// Task 5. Gives the lock back. Only the thread that owns it may call this.
    void unlock();

private:
    std::atomic<bool> locked_{false};  ///< true while some thread owns the lock
};

}  // namespace lab02
