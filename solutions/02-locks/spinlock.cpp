// Lab 02, reference solution of Task 5: a test-and-test-and-set spinlock.
#include "spinlock.hpp"

#include <thread>

namespace lab02 {

void SpinLock::lock() {
    // exchange is one indivisible read-modify-write: of two threads that both find the
    // lock free, exactly one reads `false` and owns it. `acquire` pairs with the
    // `release` in unlock(): everything the previous owner wrote happens-before
    // everything this thread does after lock() returns.
    while (locked_.exchange(true, std::memory_order_acquire)) {
        // Busy: wait with plain loads, which keep the cache line shared instead of
        // bouncing it between cores on every failed exchange, and let another thread
        // run (on a machine with fewer cores than threads, the owner may need this one).
        while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
}

bool SpinLock::try_lock() {
    // Look first, so that a busy lock costs a read, not a write; the exchange decides.
    if (locked_.load(std::memory_order_relaxed)) return false;
    return !locked_.exchange(true, std::memory_order_acquire);
}

void SpinLock::unlock() {
    // `release`: every write this thread made while it owned the lock is published
    // to the next thread whose acquire-exchange reads this `false`.
    locked_.store(false, std::memory_order_release);
}

}  // namespace lab02
