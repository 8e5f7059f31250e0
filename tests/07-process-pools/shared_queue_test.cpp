// Graded tests for lab 07, part (b): the bounded blocking queue in shared memory.
//
// Every producer and consumer here is a forked child process (at most 6 processes in a
// test). A child that blocks for ever is killed after a time limit, and the test says
// which call never returned.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "grading/graded_test.hpp"
#include "processes.hpp"
#include "shared_queue.hpp"

using lab07::SharedQueue;
using namespace lab07_test;

namespace {

// Waits up to 5 s for `done()`; returns whether it came true.
template <class Condition>
bool eventually(Condition done) {
    const auto give_up = std::chrono::steady_clock::now() + 5s;
    while (!done()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

// A queue that the test destroys only if no process was killed while waiting on it. A
// process killed inside pthread_cond_wait never leaves the condition variable, and
// pthread_cond_destroy in the queue's destructor might wait for it for ever.
template <class T>
class Abandonable {
public:
    explicit Abandonable(std::size_t capacity) : queue(capacity) {}
    ~Abandonable() {
        if (!abandoned) queue.~SharedQueue<T>();
    }
    Abandonable(const Abandonable&) = delete;
    Abandonable& operator=(const Abandonable&) = delete;
    union {
        SharedQueue<T> queue;  // in a union, so that its destructor runs only when called
    };
    bool abandoned = false;
};

// Time left until `deadline`, for children that share one time limit.
std::chrono::milliseconds until(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return std::max(left, std::chrono::milliseconds(0));
}

// True once `pid` is asleep (blocked in the kernel: for these children, a futex wait).
bool asleep(pid_t pid) { return process_info(pid).state == 'S'; }

}  // namespace

GRADED_TEST(SharedQueue, ItemsPushedInAChildArriveInTheParent, 4, 1) {
    EXPECT_THROW(SharedQueue<int>(0), std::invalid_argument) << "a capacity of 0 must be refused";
    SharedQueue<int> queue(8);
    EXPECT_EQ(queue.capacity(), 8u);
    const pid_t child = start_child([&] {
        for (int i = 1; i <= 5; ++i)
            if (!queue.push(i * 11)) return 1;
        return 0;
    });
    ASSERT_EQ(finish_child(child), 0) << "push() in a child process failed or never returned";
    ASSERT_EQ(queue.size(), 5u) << "the 5 items a child process pushed are not in the parent's queue: the queue's "
                                   "state must live in memory shared between processes (mmap with MAP_SHARED, "
                                   "made before fork), not in the object's own memory, which fork copies";
    for (int i = 1; i <= 5; ++i) {
        const std::optional<int> item = queue.pop();
        ASSERT_TRUE(item.has_value()) << "pop() returned nothing although the queue holds items";
        EXPECT_EQ(*item, i * 11) << "items must come out in the order they went in";
    }
    EXPECT_EQ(queue.size(), 0u);
    queue.close();
    EXPECT_FALSE(queue.pop().has_value()) << "pop() on a closed, empty queue must return std::nullopt";
    EXPECT_FALSE(queue.push(1)) << "push() on a closed queue must return false";
}

GRADED_TEST(SharedQueue, PushAndPopWaitForAnotherProcess, 4, 1) {
    SharedQueue<int> queue(2);
    Shared<std::atomic<int>> pushed;  // how many pushes the child has finished
    const pid_t producer = start_child([&] {
        for (int i = 1; i <= 3; ++i) {
            if (!queue.push(i)) return 1;
            ++*pushed;
        }
        return 0;
    });
    ASSERT_TRUE(eventually([&] { return pushed->load() >= 2; })) << "the child could not push 2 items into an empty queue of capacity 2";
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(pushed->load(), 2) << "push() returned although the queue was full: it must wait for room";
    EXPECT_EQ(queue.pop(), 1);  // makes room: the child's third push can finish
    ASSERT_TRUE(eventually([&] { return pushed->load() == 3; }))
        << "push() in the child still waits after the parent made room: pop() must wake a waiting producer "
           "in another process (a condition variable made PTHREAD_PROCESS_SHARED)";
    EXPECT_EQ(queue.pop(), 2);
    EXPECT_EQ(queue.pop(), 3);
    ASSERT_EQ(finish_child(producer), 0);

    // Now the other way: the parent waits in pop() until a child pushes.
    const pid_t late = start_child([&] {
        std::this_thread::sleep_for(100ms);
        return queue.push(42) ? 0 : 1;
    });
    const std::optional<int> item = queue.pop();
    EXPECT_TRUE(item.has_value()) << "pop() returned nothing from an open queue: it must wait for an item";
    if (item) {
        EXPECT_EQ(*item, 42);
    }
    EXPECT_EQ(finish_child(late), 0);
}

GRADED_TEST(SharedQueue, CloseWakesEveryWaitingProcess, 4, 1) {
    Abandonable<int> empty_holder(4);
    Abandonable<int> full_holder(1);
    SharedQueue<int>& empty = empty_holder.queue;
    SharedQueue<int>& full = full_holder.queue;
    ASSERT_TRUE(full.push(0));
    const std::vector<pid_t> consumers{
        start_child([&] { return empty.pop().has_value() ? 1 : 0; }),
        start_child([&] { return empty.pop().has_value() ? 1 : 0; }),
    };
    const pid_t producer = start_child([&] { return full.push(7) ? 1 : 0; });
    // Close only once all three are asleep in the kernel, waiting.
    EXPECT_TRUE(eventually([&] { return asleep(consumers[0]) && asleep(consumers[1]) && asleep(producer); }))
        << "the children did not block in pop() on an empty queue and push() on a full one";
    std::this_thread::sleep_for(50ms);
    empty.close();
    full.close();
    const auto deadline = std::chrono::steady_clock::now() + 2s;  // waking takes microseconds
    for (pid_t consumer : consumers) {
        const std::optional<int> code = finish_child(consumer, until(deadline));
        empty_holder.abandoned = empty_holder.abandoned || !code;
        if (!code)
            ADD_FAILURE() << "close() did not wake every process waiting in pop(): one still waited 2 s later "
                             "(wake them all: pthread_cond_broadcast, not pthread_cond_signal)";
        else
            EXPECT_EQ(*code, 0) << "pop() on a closed, empty queue must return std::nullopt";
    }
    const std::optional<int> code = finish_child(producer, until(deadline));
    full_holder.abandoned = !code;
    if (!code)
        ADD_FAILURE() << "close() did not wake the process waiting in push() on a full queue";
    else
        EXPECT_EQ(*code, 0) << "push() that waited on a full queue must return false once the queue is closed";
}

GRADED_TEST(SharedQueue, ManyProducersAndConsumersLoseAndDuplicateNothing, 4, 2) {
    constexpr int producers = 3;
    constexpr int consumers = 2;
    constexpr std::uint32_t per_producer = 10'000;
    struct Item {
        std::uint32_t producer;
        std::uint32_t sequence;
    };
    struct Tally {  // what one consumer saw
        std::array<std::uint8_t, producers * per_producer> seen;
        std::uint32_t garbage;
        std::uint32_t out_of_order;
    };
    Abandonable<Item> holder(64);
    SharedQueue<Item>& queue = holder.queue;
    Shared<std::array<Tally, consumers>> tallies;

    std::vector<pid_t> consumer_pids;
    for (int c = 0; c < consumers; ++c)
        consumer_pids.push_back(start_child([&, c] {
            Tally& tally = (*tallies)[static_cast<std::size_t>(c)];
            std::array<std::int64_t, producers> last{-1, -1, -1};
            while (const std::optional<Item> item = queue.pop()) {
                if (item->producer >= producers || item->sequence >= per_producer) {
                    ++tally.garbage;
                    continue;
                }
                if (static_cast<std::int64_t>(item->sequence) <= last[item->producer]) ++tally.out_of_order;
                last[item->producer] = item->sequence;
                auto& seen = tally.seen[item->producer * per_producer + item->sequence];
                if (seen < 255) ++seen;
            }
            return 0;
        }));
    std::vector<pid_t> producer_pids;
    for (std::uint32_t p = 0; p < producers; ++p)
        producer_pids.push_back(start_child([&, p] {
            for (std::uint32_t s = 0; s < per_producer; ++s)
                if (!queue.push(Item{p, s})) return 1;
            return 0;
        }));

    bool all_finished = true;
    for (pid_t pid : producer_pids) {
        const std::optional<int> code = finish_child(pid, 10s);
        all_finished = all_finished && code == 0;
        if (!code) ADD_FAILURE() << "a producer process was still pushing after 10 s: push() blocked for ever";
        else EXPECT_EQ(*code, 0) << "push() returned false on an open queue";
    }
    queue.close();  // every item is in; the consumers drain the rest and stop
    const auto deadline = std::chrono::steady_clock::now() + 2s;  // at most 64 items are left
    for (pid_t pid : consumer_pids) {
        const std::optional<int> code = finish_child(pid, until(deadline));
        all_finished = all_finished && code == 0;
        if (!code) ADD_FAILURE() << "a consumer process still waited in pop() 2 s after close(): close() must wake every waiter";
    }
    holder.abandoned = !all_finished;
    ASSERT_TRUE(all_finished);

    int lost = 0;
    int duplicated = 0;
    std::string example;
    for (std::uint32_t id = 0; id < producers * per_producer; ++id) {
        int times = 0;
        for (const Tally& tally : *tallies) times += tally.seen[id];
        if (times == 1) continue;
        (times == 0 ? lost : duplicated) += 1;
        if (example.empty())
            example = "item " + std::to_string(id / per_producer) + ":" + std::to_string(id % per_producer) +
                      " arrived " + std::to_string(times) + " times";
    }
    EXPECT_TRUE(lost == 0 && duplicated == 0)
        << "the queue lost " << lost << " items and duplicated " << duplicated << " of the " << producers * per_producer
        << " that 3 producer processes pushed (e.g. " << example << "): every access to the shared state must hold "
        << "the process-shared mutex";
    std::uint32_t garbage = 0;
    std::uint32_t out_of_order = 0;
    for (const Tally& tally : *tallies) {
        garbage += tally.garbage;
        out_of_order += tally.out_of_order;
    }
    EXPECT_EQ(garbage, 0u) << "consumers popped items that no producer pushed";
    EXPECT_EQ(out_of_order, 0u) << "a consumer saw one producer's items out of the order they were pushed in";
}
