// Graded tests for lab 04 (a thread pool). Points are declared beside each test.
//
// No test looks at the clock. Work is held back with gates (a task waits until the test
// opens it) and concurrency is proved with grading::ConcurrencyProbe, so the tests pass
// the same way on a loaded 2-core machine and on a 64-core one.
#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "grading/concurrency_probe.hpp"
#include "grading/graded_test.hpp"
#include "thread_pool.hpp"

using lab04::ThreadPool;
using namespace std::chrono_literals;

namespace {

// How long a held-back task waits for its gate before giving up, so that a broken pool
// fails a test instead of hanging it.
constexpr auto patience = 3s;

// A one-shot gate: tasks wait() until the test calls open().
class Gate {
public:
    void open() { opened_.set_value(); }
    // True if the gate opened in time, false if the task gave up waiting.
    bool wait() const { return signal_.wait_for(patience) == std::future_status::ready; }

private:
    std::promise<void> opened_;
    std::shared_future<void> signal_ = opened_.get_future().share();
};

// Opens `gate` as soon as `pool` refuses new work, that is, once shutdown() has begun.
// Tasks held at the gate are therefore still queued when the pool is closed, whatever
// the scheduler does: exactly the situation shutdown must handle.
std::jthread open_once_closed(ThreadPool& pool, Gate& gate) {
    return std::jthread([&pool, &gate] {
        const auto give_up = std::chrono::steady_clock::now() + patience;
        while (std::chrono::steady_clock::now() < give_up) {
            try {
                pool.submit([] {});  // accepted: not closed yet; the no-op runs later
            } catch (const std::exception&) {
                break;  // PoolClosed: shutdown has started
            }
            std::this_thread::sleep_for(200us);
        }
        gate.open();
    });
}

bool is_ready(const std::future<void>& future) { return future.wait_for(0s) == std::future_status::ready; }

}  // namespace

// ---- Task 1: workers and submit ----------------------------------------------------

GRADED_TEST(Submit, ReturnsTheResultWithItsType, 1, 1) {
    EXPECT_THROW(ThreadPool(0), std::invalid_argument) << "a pool needs at least one worker";
    ThreadPool pool(2);
    EXPECT_EQ(pool.worker_count(), 2u);

    auto answer = pool.submit([] { return 42; });
    auto greeting = pool.submit([](const std::string& name) { return "hello, " + name; }, std::string("pool"));
    auto nothing = pool.submit([] {});
    EXPECT_TRUE((std::is_same_v<decltype(answer), std::future<int>>));
    EXPECT_TRUE((std::is_same_v<decltype(greeting), std::future<std::string>>));
    EXPECT_TRUE((std::is_same_v<decltype(nothing), std::future<void>>));
    EXPECT_EQ(answer.get(), 42);
    EXPECT_EQ(greeting.get(), "hello, pool");
    nothing.get();
}

GRADED_TEST(Submit, KeepsItsOwnCopiesOfTheArguments, 1, 1) {
    ThreadPool pool(2);
    Gate gate;
    auto held = pool.submit([&gate] { return gate.wait(); });
    std::future<std::size_t> length;
    {
        std::string word = "temporary";  // gone before the task runs
        length = pool.submit([](const std::string& s) { return s.size(); }, word);
    }
    // A move-only argument must be moved into the job, and from there into the call.
    auto owned = pool.submit([](std::unique_ptr<int> p) { return *p * 2; }, std::make_unique<int>(21));
    int shared = 0;
    auto by_reference = pool.submit([](int& target) { target = 7; }, std::ref(shared));
    gate.open();
    EXPECT_TRUE(held.get()) << "the first task waited in vain for its gate";
    EXPECT_EQ(length.get(), 9u);
    EXPECT_EQ(owned.get(), 42);
    by_reference.get();
    EXPECT_EQ(shared, 7) << "std::ref(x) must let the task write to the caller's x";
}

GRADED_TEST(Submit, RunsEveryTask, 1, 1) {
    ThreadPool pool(3);
    std::vector<std::future<long>> squares;
    for (long i = 0; i < 1000; ++i) squares.push_back(pool.submit([](long x) { return x * x; }, i));
    for (long i = 0; i < 1000; ++i) ASSERT_EQ(squares[i].get(), i * i) << "task " << i;
}

GRADED_TEST(Submit, TaskMaySubmitAnotherTask, 1, 1) {
    // One worker: if submit() needed a lock that the worker holds while running a task,
    // the inner submit would wait forever for that same thread.
    ThreadPool pool(1);
    auto outer = pool.submit([&pool] { return pool.submit([] { return std::string("inner"); }); });
    EXPECT_EQ(outer.get().get(), "inner");
}

GRADED_TEST(Submit, RunsAsManyTasksAtOnceAsItHasWorkers, 1, 2) {
    // Eight waiting (IO-bound) tasks on four workers. The first four can only meet if
    // four workers run them at the same time; no more than four may ever run at once.
    grading::ConcurrencyProbe probe;
    std::atomic<int> met{0};
    {
        ThreadPool pool(4);
        std::vector<std::future<void>> tasks;
        for (int i = 0; i < 8; ++i) tasks.push_back(pool.submit([&] { met += probe.rendezvous(4); }));
        for (auto& task : tasks) task.get();
    }
    EXPECT_LE(probe.high_water_mark(), 4) << "more tasks ran at once than the pool has workers";
    EXPECT_EQ(probe.high_water_mark(), 4) << "four workers never ran four tasks at the same time";
    EXPECT_EQ(met, 8);
}

// ---- Task 2: exceptions ------------------------------------------------------------

GRADED_TEST(Exceptions, ReachTheCallerThroughTheFuture, 2, 2) {
    ThreadPool pool(2);
    // A shared_future keeps the result, and so the exception object, alive until the end
    // of this test. (With a plain future the worker may free the exception while we
    // still read it; that is safe, but ThreadSanitizer cannot see the reference count
    // inside libstdc++ that makes it safe, and would report a race.)
    std::shared_future<int> failing = pool.submit([]() -> int { throw std::domain_error("negative input"); }).share();
    try {
        failing.get();
        ADD_FAILURE() << "get() returned, but the task threw std::domain_error";
    } catch (const std::domain_error& error) {
        EXPECT_STREQ(error.what(), "negative input") << "the task's own exception must arrive";
    } catch (const std::exception& error) {
        ADD_FAILURE() << "get() should rethrow the task's std::domain_error, but threw: " << error.what();
    }
}

GRADED_TEST(Exceptions, DoNotStopTheWorker, 2, 1) {
    ThreadPool pool(1);  // the only worker must survive every failing task
    std::vector<std::future<int>> results;
    for (int i = 0; i < 10; ++i)
        results.push_back(pool.submit([i] {
            if (i % 2 == 0) throw std::runtime_error("even");
            return i;
        }));
    for (int i = 0; i < 10; ++i) {
        if (i % 2 == 0)
            EXPECT_ANY_THROW(results[i].get()) << "task " << i << " threw, so get() must throw";
        else
            EXPECT_EQ(results[i].get(), i) << "task " << i << " ran after a failing task";
    }
}

// ---- Task 3: map -------------------------------------------------------------------

GRADED_TEST(Map, ReturnsResultsInInputOrder, 3, 2) {
    ThreadPool pool(2);
    // Input 0 finishes last on purpose: it waits until inputs 1, 2 and 3 are done.
    std::latch others_done(3);
    auto label = [&](int x) {
        if (x == 0)
            others_done.wait();
        else
            others_done.count_down();
        return "#" + std::to_string(x);
    };
    const std::vector<std::string> expected{"#0", "#1", "#2", "#3"};
    EXPECT_EQ(pool.map(label, std::vector<int>{0, 1, 2, 3}), expected)
        << "map must return results in input order, not in the order they finish";

    std::vector<int> inputs(500);
    for (int i = 0; i < 500; ++i) inputs[i] = i;
    const auto cubes = pool.map([](int x) { return static_cast<long>(x) * x * x; }, inputs);
    ASSERT_EQ(cubes.size(), inputs.size());
    for (int i = 0; i < 500; ++i) ASSERT_EQ(cubes[i], static_cast<long>(i) * i * i) << "input " << i;
}

GRADED_TEST(Map, HandlesEmptyInputAndRethrowsAfterEveryCall, 3, 2) {
    ThreadPool pool(2);
    EXPECT_TRUE(pool.map([](int x) { return x; }, std::vector<int>{}).empty());

    std::atomic<int> finished{0};
    Gate input_0_failing;
    auto f = [&](int x) {
        if (x == 0) {
            input_0_failing.open();
            throw std::out_of_range("input 0");
        }
        if (x == 1) input_0_failing.wait();  // so input 1 is still running when input 0 has failed
        ++finished;
        return x;
    };
    EXPECT_THROW(pool.map(f, std::vector<int>{0, 1, 2, 3}), std::out_of_range);
    EXPECT_EQ(finished, 3) << "map threw before every other call had finished";
}

// ---- Task 4: shutdown --------------------------------------------------------------

GRADED_TEST(Shutdown, WaitsForQueuedWork, 4, 1) {
    grading::ConcurrencyProbe probe;
    std::atomic<int> ran{0};
    Gate gate;
    ThreadPool pool(1);
    std::vector<std::future<void>> queued;
    queued.push_back(pool.submit([&] {
        grading::ConcurrencyProbe::Inside inside(probe);
        gate.wait();
        ++ran;
    }));
    for (int i = 0; i < 10; ++i)
        queued.push_back(pool.submit([&] {
            grading::ConcurrencyProbe::Inside inside(probe);
            ++ran;
        }));
    auto opener = open_once_closed(pool, gate);  // the ten are surely still queued at shutdown
    pool.shutdown(true);
    EXPECT_EQ(ran, 11) << "shutdown(true) returned, but only " << ran
                       << " of 11 submitted tasks had run: queued work was dropped or not waited for";
    EXPECT_EQ(probe.inside_now(), 0) << "a task was still running after shutdown(true) returned";
    for (const auto& future : queued) EXPECT_TRUE(is_ready(future)) << "a future was not ready after shutdown(true)";
    pool.shutdown(true);  // a second call is harmless
}

GRADED_TEST(Shutdown, WithoutWaitReturnsAndTheDestructorFinishes, 4, 1) {
    std::atomic<int> ran{0};
    std::atomic<bool> gate_opened_in_time{false};
    Gate gate;
    {
        ThreadPool pool(1);
        pool.submit([&] {
            gate_opened_in_time = gate.wait();
            ++ran;
        });
        for (int i = 0; i < 10; ++i) pool.submit([&] { ++ran; });
        pool.shutdown(false);  // must not wait for the task held at the gate
        gate.open();
    }  // the destructor: every queued task runs, then the workers are joined
    EXPECT_EQ(ran, 11) << "only " << ran << " of 11 submitted tasks ran: the destructor dropped queued work";
    EXPECT_TRUE(gate_opened_in_time) << "shutdown(false) waited for the running task instead of returning";
}

GRADED_TEST(Shutdown, RacesSafelyWithSubmitFromOtherThreads, 4, 1) {
    // The header: submit and shutdown may be called from any thread at the same time.
    // Three threads keep submitting while this one shuts the pool down. Each submit must
    // either be refused (PoolClosed) or run its job before shutdown(true) returns; a
    // "closed" flag read outside the lock races with shutdown (ThreadSanitizer reports it)
    // and can accept a job that no worker will ever run.
    std::atomic<long> accepted{0}, ran{0};
    std::vector<std::future<void>> futures[3];
    {
        ThreadPool pool(2);
        std::latch start(4);
        std::vector<std::jthread> submitters;
        for (int t = 0; t < 3; ++t)
            submitters.emplace_back([&, t] {
                start.arrive_and_wait();
                try {
                    for (;;) {
                        futures[t].push_back(pool.submit([&] { ++ran; }));
                        ++accepted;
                    }
                } catch (const lab04::PoolClosed&) {  // the expected end: the pool refused
                }
            });
        start.arrive_and_wait();
        std::this_thread::sleep_for(20ms);
        pool.shutdown(true);
        EXPECT_GE(ran.load(), accepted.load())
            << "shutdown(true) returned before every accepted job had run (" << ran << " of at least "
            << accepted << "); jobs accepted while the pool closed must still run";
        submitters.clear();  // join: every submitter has been refused by now
    }
    EXPECT_EQ(ran.load(), accepted.load()) << "an accepted job never ran: " << ran << " of " << accepted;
    long broken = 0;
    for (auto& list : futures)
        for (auto& future : list) try {
                future.get();
            } catch (const std::future_error&) {
                ++broken;
            }
    EXPECT_EQ(broken, 0) << broken << " futures of accepted jobs were broken promises";
}

GRADED_TEST(Shutdown, RejectsWorkAfterShutdown, 4, 1) {
    ThreadPool pool(2);
    pool.shutdown();
    EXPECT_THROW(pool.submit([] { return 1; }), lab04::PoolClosed) << "submit after shutdown must be refused";
    EXPECT_THROW(pool.map([](int x) { return x; }, std::vector<int>{1, 2}), lab04::PoolClosed);
    pool.shutdown(false);  // calling it again is harmless
}
