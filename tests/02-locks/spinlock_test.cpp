// Graded tests for lab 02, Task 5: a spinlock built on std::atomic<bool>.
// The data each test protects with the lock is a plain (non-atomic) variable, so that
// under ThreadSanitizer (`./course test 02 --tsan`) a lock without acquire/release
// ordering shows up as a data race on that variable. Nothing here uses a std::mutex
// inside the critical section: a mutex would order the threads by itself and hide
// exactly the mistake these tests look for.
#include <atomic>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "grading/graded_test.hpp"
#include "spinlock.hpp"

using lab02::SpinLock;

namespace {

// Runs body(0) ... body(threads - 1) on their own threads, released together.
template <class Body>
void run_together(int threads, Body body) {
    std::latch start(threads);
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            body(t);
        });
}

// Fails the test on the calling thread when the stub is still there, before any
// other thread calls lock() (an exception escaping a thread would abort the test).
void require_written(SpinLock& lock) {
    ASSERT_TRUE(lock.try_lock()) << "try_lock() on a new, free lock must succeed";
    lock.unlock();
}

}  // namespace

GRADED_TEST(SpinLock, TryLockSaysWhetherTheLockIsFree, 5, 1) {
    SpinLock lock;
    require_written(lock);
    ASSERT_TRUE(lock.try_lock());
    EXPECT_FALSE(lock.try_lock()) << "try_lock() succeeded on a lock that was already held";
    bool other_got_it = true;
    std::jthread([&] { other_got_it = lock.try_lock(); }).join();
    EXPECT_FALSE(other_got_it) << "another thread's try_lock() succeeded while this thread held the lock";
    lock.unlock();
    std::jthread([&] {
        other_got_it = lock.try_lock();
        if (other_got_it) lock.unlock();
    }).join();
    EXPECT_TRUE(other_got_it) << "after unlock(), another thread's try_lock() failed: the lock stayed held";
    {
        std::lock_guard guard(lock);  // Lockable: works with the standard guards
        EXPECT_FALSE(lock.try_lock()) << "lock() returned, but the lock was not held";
    }
    EXPECT_TRUE(lock.try_lock()) << "lock_guard's unlock() did not free the lock";
    lock.unlock();
}

GRADED_TEST(SpinLock, LetsOneThreadInAtATime, 5, 1) {
    // Four threads each add 1 to a plain counter 5000 times under the lock. If two
    // threads are ever inside together, the high-water mark shows it (and updates get
    // lost); if the lock is taken without acquire or given back without release,
    // ThreadSanitizer sees the counter written by threads the lock did not order.
    constexpr int threads = 4, rounds = 5000;
    SpinLock lock;
    require_written(lock);
    long counter = 0;                     // protected by `lock` only
    std::atomic<int> inside{0}, most_inside{0};
    run_together(threads, [&](int) {
        for (int i = 0; i < rounds; ++i) {
            lock.lock();
            // relaxed: counting who is inside must not order the threads (that is the lock's job)
            const int now = inside.fetch_add(1, std::memory_order_relaxed) + 1;
            if (now > most_inside.load(std::memory_order_relaxed)) most_inside.store(now, std::memory_order_relaxed);
            ++counter;
            inside.fetch_sub(1, std::memory_order_relaxed);
            lock.unlock();
        }
    });
    EXPECT_EQ(most_inside.load(), 1) << "more than one thread was inside the lock at once: at most "
                                     << most_inside.load() << " were, 1 expected";
    EXPECT_EQ(counter, long{threads} * rounds) << "updates of the counter were lost: " << counter << " of "
                                               << long{threads} * rounds << " arrived";
}

GRADED_TEST(SpinLock, HandsTheOwnersWritesToTheNextOwner, 5, 2) {
    // Message passing through the lock: the writer fills a plain record under the lock
    // and marks it ready; the reader takes the lock, and once it sees `ready` it must
    // see the whole record. That visibility is what acquire (in lock) and release (in
    // unlock) promise. x86 hardware gives it even with relaxed orders, so only a
    // checker of the C++ memory model (ThreadSanitizer) can catch the mistake here.
    struct Record {
        bool ready = false;
        long number = 0;
        std::string text;
    };
    constexpr int messages = 300;
    SpinLock lock;
    require_written(lock);
    Record record;  // protected by `lock` only
    int wrong = 0;
    run_together(2, [&](int role) {
        for (int m = 1; m <= messages; ++m) {
            if (role == 0) {  // the writer: waits until the reader has taken the last one
                for (bool sent = false; !sent; std::this_thread::yield()) {
                    std::lock_guard guard(lock);
                    if (record.ready) continue;
                    record = {true, m, "message " + std::to_string(m)};
                    sent = true;
                }
            } else {  // the reader
                for (bool got = false; !got; std::this_thread::yield()) {
                    std::lock_guard guard(lock);
                    if (!record.ready) continue;
                    if (record.number != m || record.text != "message " + std::to_string(m)) ++wrong;
                    record.ready = false;
                    got = true;
                }
            }
        }
    });
    EXPECT_EQ(wrong, 0) << "the reader saw a record the writer had not finished: " << wrong << " of "
                        << messages << " messages were wrong";
}
