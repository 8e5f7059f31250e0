// Graded tests for lab 03 (a bounded blocking queue). Points are declared beside each test.
//
// Every call that could block runs in a Background (background.hpp) and is awaited with a
// time limit, so a broken queue fails a test quickly instead of hanging it. "Must still be
// waiting" is checked by watching a call for a while and seeing that it has not returned:
// a correct queue never returns early, so these checks cannot fail on a correct solution.
#include <algorithm>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "background.hpp"
#include "bounded_queue.hpp"
#include "course/timing.hpp"
#include "grading/graded_test.hpp"

using lab03::BoundedQueue;
using lab03_testing::in_background;
using namespace std::chrono_literals;

namespace {

template <class T>
std::shared_ptr<BoundedQueue<T>> make_queue(std::size_t capacity) {
    return std::make_shared<BoundedQueue<T>>(capacity);
}

// Long enough for a started thread to reach its wait; short enough to keep tests fast.
constexpr auto settle = 200ms;
// Far longer than any correct call takes, even under ThreadSanitizer on a busy machine.
constexpr auto patience = 3s;

}  // namespace

// ---- Task 1: push, pop, size, capacity ------------------------------------------

GRADED_TEST(Basics, FirstInFirstOut, 1, 1) {
    BoundedQueue<int> queue(3);
    EXPECT_EQ(queue.capacity(), 3u);
    EXPECT_EQ(queue.size(), 0u) << "a new queue is empty";
    for (int i = 1; i <= 3; ++i) EXPECT_TRUE(queue.push(i));
    EXPECT_EQ(queue.size(), 3u);
    for (int i = 1; i <= 3; ++i) EXPECT_EQ(queue.pop(), i) << "items must come out in the order they went in";
    EXPECT_EQ(queue.size(), 0u);
    EXPECT_THROW(BoundedQueue<int>(0), std::invalid_argument) << "a queue of capacity 0 could never hold an item";
}

GRADED_TEST(Basics, MoveOnlyItems, 1, 1) {
    // std::unique_ptr cannot be copied: push and pop must move the item at every step.
    BoundedQueue<std::unique_ptr<int>> queue(2);
    EXPECT_TRUE(queue.push(std::make_unique<int>(7)));
    EXPECT_TRUE(queue.push(std::make_unique<int>(8)));
    auto first = queue.pop();
    ASSERT_TRUE(first.has_value() && *first != nullptr);
    EXPECT_EQ(**first, 7);
    auto second = queue.pop();
    ASSERT_TRUE(second.has_value() && *second != nullptr);
    EXPECT_EQ(**second, 8);
}

GRADED_TEST(Blocking, FullQueueBlocksTheProducer, 1, 2) {
    auto queue = make_queue<int>(2);
    queue->push(1);
    queue->push(2);
    auto producer = in_background([queue] { return queue->push(3); });
    EXPECT_FALSE(producer->finishes_within(settle)) << "push() returned while the queue was full: it must wait for room";
    EXPECT_EQ(queue->size(), 2u) << "a queue of capacity 2 must never hold more than 2 items";
    EXPECT_EQ(queue->pop(), 1);
    ASSERT_TRUE(producer->finishes_within(patience))
        << "push() was still waiting after pop() made room: pop must wake a waiting producer";
    EXPECT_TRUE(producer->result());
    EXPECT_EQ(queue->pop(), 2);
    EXPECT_EQ(queue->pop(), 3);
}

GRADED_TEST(Blocking, EmptyQueueBlocksTheConsumer, 1, 1) {
    auto queue = make_queue<int>(2);
    auto consumer = in_background([queue] { return queue->pop(); });
    EXPECT_FALSE(consumer->finishes_within(settle)) << "pop() returned while the queue was empty and open: it must wait";
    queue->push(42);
    ASSERT_TRUE(consumer->finishes_within(patience))
        << "pop() was still waiting after push() added an item: push must wake a waiting consumer";
    EXPECT_EQ(consumer->result(), 42);
}

GRADED_TEST(Blocking, ProducerWokenWithoutRoomWaitsAgain, 1, 2) {
    // A producer waits on a full queue of capacity 1. This thread pops (which wakes the
    // producer) and at once refills the free slot with try_push, before the woken
    // producer gets the mutex back. The producer finds the queue full again and must go
    // back to waiting, not push anyway. Twenty rounds, so the steal surely happens.
    auto queue = make_queue<int>(1);
    queue->push(0);
    auto producer = in_background([queue] {
        int pushed = 0;
        while (queue->push(1)) ++pushed;  // false once the queue is closed
        return pushed;
    });
    std::size_t most = 0;
    for (int round = 0; round < 20; ++round) {
        std::this_thread::sleep_for(5ms);  // the producer settles into waiting for room
        most = std::max(most, queue->size());
        ASSERT_TRUE(queue->pop().has_value()) << "a full queue gave nothing to pop()";
        queue->try_push(2);
    }
    std::this_thread::sleep_for(5ms);
    most = std::max(most, queue->size());
    queue->close();
    ASSERT_TRUE(producer->finishes_within(patience)) << "close() did not wake the producer waiting in push()";
    EXPECT_LE(most, 1u) << "a queue of capacity 1 held " << most << " items: a producer woken when there was no "
                        << "room pushed anyway (re-check the condition in a loop after every wake-up)";
}

GRADED_TEST(Threads, SizeAndClosedAreSafeWhileOthersPushAndPop, 1, 1) {
    // The contract: every member function is safe to call from any thread at once. Two
    // producers and two consumers keep the queue busy while this thread keeps asking
    // size(), capacity() and closed(). Reading the deque or the flag without the mutex
    // races with their writes: ThreadSanitizer reports it (`--tsan`).
    constexpr int producers = 2, per_producer = 2000;
    BoundedQueue<int> queue(4);
    std::atomic<int> producing{producers}, taken{0};
    std::size_t most = 0;
    bool said_closed = false;
    {
        std::vector<std::jthread> threads;
        for (int p = 0; p < producers; ++p)
            threads.emplace_back([&] {
                for (int i = 0; i < per_producer; ++i) queue.push(i);
                if (--producing == 0) queue.close();
            });
        for (int c = 0; c < 2; ++c)
            threads.emplace_back([&] {
                while (queue.pop()) ++taken;
            });
        for (long round = 0; producing > 0; ++round) {
            most = std::max(most, queue.size());
            if (round % 256 != 0) continue;  // mostly size(): closed() locks, and would order this thread
            said_closed = said_closed || (queue.closed() && producing > 0);
            if (queue.capacity() != 4) most = 1000;
        }
    }  // the jthreads join here
    EXPECT_LE(most, 4u) << "size() or capacity() gave an impossible answer while producers and consumers ran "
                        << "(size up to " << most << ", capacity 4): read them under the mutex";
    EXPECT_FALSE(said_closed) << "closed() said true before any thread called close()";
    EXPECT_EQ(taken, producers * per_producer) << "items were lost while size() and closed() were called";
}

GRADED_TEST(Threads, FifoPerProducer, 1, 1) {
    // Three producers, one consumer: the items of any one producer come out in its order.
    constexpr int producers = 3, per_producer = 2000;
    auto queue = make_queue<std::pair<int, int>>(8);  // (producer, sequence number)
    std::vector<std::unique_ptr<lab03_testing::Background<bool>>> started;
    for (int p = 0; p < producers; ++p)
        started.push_back(in_background([queue, p] {
            for (int i = 0; i < per_producer; ++i)
                if (!queue->push({p, i})) return false;
            return true;
        }));
    auto consumer = in_background([queue] {
        std::vector<std::pair<int, int>> got;
        while (got.size() < std::size_t{producers * per_producer}) {
            auto item = queue->pop();
            if (!item) break;
            got.push_back(*item);
        }
        return got;
    });
    ASSERT_TRUE(consumer->finishes_within(5s)) << "the consumer had not received every item after 5 s";
    std::vector<int> next(producers, 0);
    for (auto [p, i] : consumer->result()) {
        ASSERT_TRUE(p >= 0 && p < producers) << "an item that no producer pushed came out";
        ASSERT_EQ(i, next[p]) << "producer " << p << "'s items came out of order (or one was lost)";
        ++next[p];
    }
    for (auto& producer : started) EXPECT_TRUE(producer->finishes_within(patience) && producer->result());
}

GRADED_TEST(Threads, NothingLostOrDuplicated, 1, 2) {
    // 4 producers and 3 consumers share a small queue. Each consumer stops when it takes
    // a "poison pill" (-1), pushed once per consumer after every producer has finished.
    constexpr int producers = 4, consumers = 3, per_producer = 5000;
    auto queue = make_queue<int>(16);
    std::vector<std::unique_ptr<lab03_testing::Background<bool>>> producing;
    for (int p = 0; p < producers; ++p)
        producing.push_back(in_background([queue, p] {
            for (int i = 0; i < per_producer; ++i)
                if (!queue->push(p * per_producer + i)) return false;
            return true;
        }));
    std::vector<std::unique_ptr<lab03_testing::Background<std::vector<int>>>> consuming;
    for (int c = 0; c < consumers; ++c)
        consuming.push_back(in_background([queue] {
            std::vector<int> got;
            while (auto item = queue->pop()) {
                if (*item < 0) break;  // the pill
                got.push_back(*item);
            }
            return got;
        }));
    for (auto& producer : producing)
        ASSERT_TRUE(producer->finishes_within(5s) && producer->result()) << "a producer could not push all its items";
    auto pills = in_background([queue] {
        for (int c = 0; c < consumers; ++c) queue->push(-1);
        return true;
    });
    std::vector<int> all;
    for (auto& consumer : consuming) {
        ASSERT_TRUE(consumer->finishes_within(5s)) << "a consumer never received its stop item";
        all.insert(all.end(), consumer->result().begin(), consumer->result().end());
    }
    ASSERT_TRUE(pills->finishes_within(patience));
    std::sort(all.begin(), all.end());
    for (int expected = 0; expected < producers * per_producer; ++expected) {
        const auto [first, last] = std::equal_range(all.begin(), all.end(), expected);
        ASSERT_EQ(last - first, 1) << "item " << expected << " was received " << (last - first) << " times";
    }
    EXPECT_EQ(all.size(), std::size_t{producers * per_producer}) << "items that no producer pushed came out";
}

// ---- Task 2: try_push, try_pop, pop_for -----------------------------------------

GRADED_TEST(NonBlocking, TryPushAndTryPopNeverWait, 2, 1) {
    auto queue = make_queue<int>(2);
    auto calls = in_background([queue] {
        EXPECT_EQ(queue->try_pop(), std::nullopt) << "try_pop() on an empty queue returns nothing";
        EXPECT_TRUE(queue->try_push(1));
        EXPECT_TRUE(queue->try_push(2));
        EXPECT_FALSE(queue->try_push(3)) << "try_push() on a full queue returns false";
        EXPECT_EQ(queue->size(), 2u);
        EXPECT_EQ(queue->try_pop(), 1);
        EXPECT_TRUE(queue->try_push(4));
        EXPECT_EQ(queue->try_pop(), 2);
        EXPECT_EQ(queue->try_pop(), 4);
        EXPECT_EQ(queue->try_pop(), std::nullopt);
        return true;
    });
    ASSERT_TRUE(calls->finishes_within(patience)) << "try_push() or try_pop() waited: they must return at once";
}

GRADED_TEST(NonBlocking, RefusedTryPushKeepsTheItem, 2, 1) {
    auto queue = make_queue<std::unique_ptr<int>>(1);
    auto calls = in_background([queue] {
        EXPECT_TRUE(queue->push(std::make_unique<int>(1)));
        auto item = std::make_unique<int>(2);
        EXPECT_FALSE(queue->try_push(std::move(item)));
        EXPECT_NE(item, nullptr) << "try_push() refused the item but took it: a refused item stays with the caller";
        auto first = queue->try_pop();
        EXPECT_TRUE(first && *first && **first == 1);
        EXPECT_TRUE(queue->try_push(std::move(item)));
        auto second = queue->try_pop();
        EXPECT_TRUE(second && *second && **second == 2) << "the item accepted by try_push() must come out";
        return true;
    });
    ASSERT_TRUE(calls->finishes_within(patience)) << "try_push() or try_pop() waited: they must return at once";
}

GRADED_TEST(Timeouts, PopForGivesUpWhenNothingComes, 2, 1) {
    auto queue = make_queue<int>(2);
    auto waiter = in_background([queue] {
        const double waited = course::time_ms([&] { EXPECT_EQ(queue->pop_for(100ms), std::nullopt); });
        return waited;
    });
    ASSERT_TRUE(waiter->finishes_within(patience)) << "pop_for(100 ms) on an empty queue had not returned after 3 s";
    // Generous on purpose: the clock only tells apart "waited" from "did not wait at all".
    EXPECT_GE(waiter->result(), 50.0) << "pop_for(100 ms) gave up after " << waiter->result()
                                      << " ms: it must wait about the timeout for an item";
}

GRADED_TEST(Timeouts, PopForTakesAnItemThatArrivesInTime, 2, 1) {
    auto queue = make_queue<int>(2);
    auto waiter = in_background([queue] { return queue->pop_for(20s); });
    EXPECT_FALSE(waiter->finishes_within(settle)) << "pop_for() returned before its timeout on an empty, open queue";
    queue->push(5);
    ASSERT_TRUE(waiter->finishes_within(patience))
        << "pop_for() was still waiting after push() added an item: it must wake like pop()";
    EXPECT_EQ(waiter->result(), 5);
}

// ---- Task 3: close ---------------------------------------------------------------

GRADED_TEST(Close, PushAfterCloseFails, 3, 1) {
    BoundedQueue<int> queue(2);
    EXPECT_FALSE(queue.closed());
    EXPECT_TRUE(queue.push(1));
    queue.close();
    queue.close();  // closing twice is harmless
    EXPECT_TRUE(queue.closed());
    EXPECT_FALSE(queue.push(2)) << "push() after close() must fail";
    EXPECT_FALSE(queue.try_push(3)) << "try_push() after close() must fail";
    EXPECT_EQ(queue.size(), 1u) << "close() must keep the items already queued, for consumers to take";
}

GRADED_TEST(Close, ConsumersDrainWhatIsLeft, 3, 2) {
    auto queue = make_queue<int>(4);
    auto calls = in_background([queue] {
        for (int i = 1; i <= 3; ++i) queue->push(i);
        queue->close();
        EXPECT_EQ(queue->pop(), 1) << "items queued before close() must still be handed out";
        EXPECT_EQ(queue->try_pop(), 2) << "items queued before close() must still be handed out";
        EXPECT_EQ(queue->pop_for(10s), 3) << "items queued before close() must still be handed out";
        EXPECT_EQ(queue->pop(), std::nullopt) << "pop() on a closed, empty queue returns nothing";
        EXPECT_EQ(queue->try_pop(), std::nullopt);
        EXPECT_EQ(queue->pop_for(10s), std::nullopt) << "pop_for() on a closed, empty queue returns nothing";
        return true;
    });
    ASSERT_TRUE(calls->finishes_within(patience)) << "pop() or pop_for() waited on a closed, empty queue";
}

GRADED_TEST(Close, WakesEveryBlockedConsumer, 3, 1) {
    auto queue = make_queue<int>(2);
    std::vector<std::unique_ptr<lab03_testing::Background<std::optional<int>>>> waiting;
    for (int c = 0; c < 3; ++c) waiting.push_back(in_background([queue] { return queue->pop(); }));
    waiting.push_back(in_background([queue] { return queue->pop_for(60s); }));
    std::this_thread::sleep_for(settle);  // all four are waiting now
    queue->close();
    int still_blocked = 0;
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (auto& consumer : waiting) {
        if (!consumer->finishes_by(deadline)) ++still_blocked;
        else EXPECT_EQ(consumer->result(), std::nullopt) << "pop() on a closed, empty queue returns nothing";
    }
    EXPECT_EQ(still_blocked, 0) << "close() left " << still_blocked << " of 4 waiting consumers blocked: it must "
                                << "wake every waiter, not just one";
}

GRADED_TEST(Close, WakesEveryBlockedProducer, 3, 1) {
    auto queue = make_queue<int>(1);
    queue->push(0);
    std::vector<std::unique_ptr<lab03_testing::Background<bool>>> waiting;
    for (int p = 0; p < 3; ++p) waiting.push_back(in_background([queue, p] { return queue->push(p + 1); }));
    std::this_thread::sleep_for(settle);  // all three are waiting for room now
    queue->close();
    int still_blocked = 0;
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (auto& producer : waiting) {
        if (!producer->finishes_by(deadline)) ++still_blocked;
        else EXPECT_FALSE(producer->result()) << "a push() that was waiting when the queue closed must fail";
    }
    EXPECT_EQ(still_blocked, 0) << "close() left " << still_blocked << " of 3 waiting producers blocked: it must "
                                << "wake every waiter, not just one";
}
