// Graded tests for lab 00 (run IO-bound tasks concurrently). Points are declared beside
// each test. No test here reads a clock: "at the same time" is proved by tasks that can
// only finish if the others are running too.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "grading/concurrency_probe.hpp"
#include "grading/graded_test.hpp"
#include "run_concurrently.hpp"

using namespace std::chrono_literals;

namespace {

// How long a task waits for others that should be running beside it. A correct
// solution never gets near it; a serial one pays it once per test, then fails.
constexpr auto kPatience = 2s;

// A stand-in for a slow server: the IO the tasks wait for. It answers in batches: once
// `batch` requests are waiting at the same time, it answers every one of them with the
// size of the batch. A task in request() waits the way a thread blocked in read() on a
// socket waits: using no CPU. Tasks run one after another never fill a batch; the first
// request gets no answer (0) after kPatience, and the server, having given up, answers
// every later request with 0 at once, so a serial solution fails quickly, never hangs.
class BatchingServer {
public:
    explicit BatchingServer(int batch) : batch_(batch) {}

    int request() {
        std::unique_lock lock(mutex_);
        if (++waiting_ >= batch_) {
            answered_ = true;
            changed_.notify_all();
        }
        if (!changed_.wait_for(lock, kPatience, [&] { return answered_ || gave_up_; })) {
            gave_up_ = true;
            changed_.notify_all();
        }
        --waiting_;
        return answered_ ? batch_ : 0;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    const int batch_;
    int waiting_ = 0;
    bool answered_ = false;
    bool gave_up_ = false;
};

// Makes tasks finish last-to-first: task i finishes only after task i + 1 has. Run at the
// same time, they finish in reverse order. Run one after another, task 0 would wait for
// task 1 forever; it gives up after kPatience instead, and every later task goes at once.
class FinishLine {
public:
    explicit FinishLine(int tasks) : next_(tasks - 1) {}

    void finish(int task) {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, kPatience, [&] { return gave_up_ || next_ == task; })) gave_up_ = true;
        --next_;
        changed_.notify_all();
    }

    bool gave_up() const {
        std::lock_guard lock(mutex_);
        return gave_up_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    int next_;
    bool gave_up_ = false;
};

}  // namespace

// ---- Task 1: run_concurrently ----------------------------------------------------------

GRADED_TEST(RunConcurrently, RunsEveryTaskExactlyOnce, 1, 1) {
    for (int n : {1, 2, 8}) {
        std::vector<std::atomic<int>> runs(n);
        std::vector<std::function<void()>> tasks;
        for (int i = 0; i < n; ++i) tasks.push_back([&runs, i] { ++runs[i]; });
        lab00::run_concurrently(tasks);
        for (int i = 0; i < n; ++i)
            EXPECT_EQ(runs[i].load(), 1) << "task " << i << " of " << n << " ran " << runs[i] << " times";
    }
}

GRADED_TEST(RunConcurrently, AcceptsAnEmptyList, 1, 1) {
    EXPECT_NO_THROW(lab00::run_concurrently({})) << "no tasks: nothing to do, no error";
}

GRADED_TEST(RunConcurrently, RunsEveryTaskAtTheSameTime, 1, 1) {
    // Eight tasks that each wait for the other seven: they can only all meet if all
    // eight run at the same time.
    constexpr int n = 8;
    grading::ConcurrencyProbe probe;
    std::atomic<int> met{0};
    const std::vector<std::function<void()>> tasks(n, [&] { met += probe.rendezvous(n, kPatience); });
    lab00::run_concurrently(tasks);
    EXPECT_EQ(probe.high_water_mark(), n) << "the tasks did not all run at the same time";
    EXPECT_EQ(met, n);
}

GRADED_TEST(RunConcurrently, ReturnsOnceEveryTaskHasItsReply, 1, 1) {
    // IO-bound: each task sends a request and waits for the reply, then notes it.
    constexpr int n = 6;
    BatchingServer server(n);
    std::vector<std::atomic<int>> replies(n);
    std::vector<std::function<void()>> tasks;
    for (int i = 0; i < n; ++i) tasks.push_back([&, i] { replies[i] = server.request(); });
    lab00::run_concurrently(tasks);
    for (int i = 0; i < n; ++i)
        EXPECT_EQ(replies[i].load(), n) << "task " << i << " has no reply when run_concurrently returns "
                                        << "(0: it waited alone, so the server never answered)";
}

// ---- Task 2: gather --------------------------------------------------------------------

GRADED_TEST(Gather, HandlesEmptyAndSingleLists, 2, 1) {
    EXPECT_TRUE(lab00::gather({}).empty()) << "no tasks give no results";
    EXPECT_EQ(lab00::gather({[] { return 42; }}), std::vector<int>{42});
}

GRADED_TEST(Gather, ReturnsResultsInTaskOrder, 2, 1) {
    // The tasks finish last-to-first; their results must still come back first-to-last.
    constexpr int n = 6;
    FinishLine line(n);
    std::vector<std::function<int()>> tasks;
    for (int i = 0; i < n; ++i) tasks.push_back([&line, i] {
        line.finish(i);
        return 10 * i;
    });
    const std::vector<int> results = lab00::gather(tasks);
    EXPECT_FALSE(line.gave_up()) << "the tasks did not run at the same time";
    EXPECT_EQ(results, (std::vector<int>{0, 10, 20, 30, 40, 50}))
        << "results must be in the order of the tasks, not in the order they finished";
}

GRADED_TEST(Gather, WaitsForRepliesAtTheSameTime, 2, 1) {
    // IO-bound, like asyncio.gather over network calls: every task waits for a reply.
    constexpr int n = 8;
    BatchingServer server(n);
    const std::vector<std::function<int()>> tasks(n, [&] { return server.request(); });
    EXPECT_EQ(lab00::gather(tasks), std::vector<int>(n, n))
        << "every task should get the reply " << n << "; a 0 is a task that waited alone";
}

GRADED_TEST(Gather, MayBeCalledFromSeveralThreadsAtOnce, 2, 1) {
    // The header promises that both functions may be called from any thread. Two threads
    // call gather at the same moment; the six tasks meet in one rendezvous, so both calls
    // are surely in flight together. State shared between calls (a static or global
    // results vector, say) mixes their results, and ThreadSanitizer reports the race.
    static constexpr int per_call = 3;
    ASSERT_EQ(lab00::gather({[] { return 7; }}), std::vector<int>{7});  // on this thread first: a stub throws here
    grading::ConcurrencyProbe probe;
    std::latch start(2);
    std::vector<int> results[2];
    {
        std::vector<std::jthread> callers;
        for (int c = 0; c < 2; ++c)
            callers.emplace_back([&, c] {
                std::vector<std::function<int()>> tasks;
                for (int i = 0; i < per_call; ++i) tasks.push_back([&probe, c, i] {
                    probe.rendezvous(2 * per_call, kPatience);
                    return 100 * c + 10 * i;
                });
                start.arrive_and_wait();
                try {
                    results[c] = lab00::gather(tasks);
                } catch (...) {  // an exception must not escape a thread: report it instead
                    results[c] = {-1};
                }
            });
    }
    EXPECT_EQ(probe.high_water_mark(), 2 * per_call)
        << "the two calls did not run at the same time: at most " << probe.high_water_mark()
        << " of their 6 tasks ran at once";
    EXPECT_EQ(results[0], (std::vector<int>{0, 10, 20})) << "the first caller got another call's results";
    EXPECT_EQ(results[1], (std::vector<int>{100, 110, 120})) << "the second caller got another call's results";
}

// ---- Task 3: errors --------------------------------------------------------------------

GRADED_TEST(Errors, EveryTaskFinishesBeforeTheErrorIsRethrown, 3, 1) {
    // Task 0 fails at once, while the other three are still waiting for each other.
    grading::ConcurrencyProbe probe;
    std::atomic<int> finished{0};
    std::vector<std::function<void()>> tasks{[] { throw std::runtime_error("task 0 failed"); }};
    for (int i = 1; i <= 3; ++i) tasks.push_back([&] {
        probe.rendezvous(3, kPatience);
        ++finished;
    });
    EXPECT_THROW(lab00::run_concurrently(tasks), std::runtime_error) << "task 0's error must reach the caller";
    EXPECT_EQ(finished, 3) << "the error came back before every task had finished";
}

GRADED_TEST(Errors, RethrowsTheFirstErrorInTaskOrder, 3, 1) {
    // Task 3 throws first in time; task 1 comes first in the list, so its error wins.
    std::promise<void> task3_threw;
    const std::shared_future<void> thrown = task3_threw.get_future().share();
    const std::vector<std::function<int()>> tasks{
        [] { return 0; },
        [thrown]() -> int {
            thrown.wait_for(kPatience);
            // Task 3 signals just before it throws; this pause lets its error be caught and
            // stored first, so a "first in time" implementation surely keeps task 3's error
            // and fails here. A correct one passes whatever the timing: it picks by position.
            std::this_thread::sleep_for(100ms);
            throw std::invalid_argument("task 1 failed");
        },
        [] { return 2; },
        [&task3_threw]() -> int {
            task3_threw.set_value();
            throw std::out_of_range("task 3 failed");
        },
    };
    EXPECT_THROW(lab00::gather(tasks), std::invalid_argument)
        << "expected task 1's error (first in task order), not task 3's (first in time)";
}
