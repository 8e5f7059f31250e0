// Graded tests for lab 09, tasks 1-2: gather and with_timeout. Points beside each test.
//
// Every test runs its coroutines on one io_context driven by the test's own thread, as
// asyncio runs them on one loop. Concurrency is proved by structure first: how many
// awaitables were waiting at the same moment (a high-water mark). Time is checked only
// against limits many times wider than the work needs (5 waits for 1 wait), which a
// serial implementation misses by far and a correct one meets on a loaded machine.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp forgets it (see async_tools.hpp)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "async_tools.hpp"
#include "course/timing.hpp"
#include "grading/graded_test.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// Runs `body` on a fresh io_context on this thread until every coroutine has ended;
// rethrows what escaped `body`.
template <class Body>
void run_on_one_thread(Body body) {
    asio::io_context io;
    std::exception_ptr escaped;
    asio::co_spawn(io, body(), [&escaped](std::exception_ptr e) { escaped = e; });
    io.run();
    if (escaped) std::rethrow_exception(escaped);
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(asio::use_awaitable);
}

// How many awaitables are waiting right now, and the most there ever were at once.
// One thread runs them all, so plain ints suffice.
struct WaitCounter {
    int now = 0;
    int high_water_mark = 0;
};

asio::awaitable<int> counted_wait(WaitCounter& counter, std::chrono::milliseconds duration, int value) {
    ++counter.now;
    if (counter.now > counter.high_water_mark) counter.high_water_mark = counter.now;
    co_await sleep_for(duration);
    --counter.now;
    co_return value;
}

asio::awaitable<std::string> late_word(std::chrono::milliseconds duration, std::string word) {
    co_await sleep_for(duration);
    co_return word;
}

// Counts itself as finished however it ends (value or exception).
struct Finished {
    int& count;
    ~Finished() { ++count; }
};

asio::awaitable<int> succeed_after(std::chrono::milliseconds duration, int value, int& finished) {
    Finished guard{finished};
    co_await sleep_for(duration);
    co_return value;
}

template <class Error>
asio::awaitable<int> fail_after(std::chrono::milliseconds duration, const char* what, int& finished) {
    Finished guard{finished};
    co_await sleep_for(duration);
    throw Error(what);
}

}  // namespace

// ---- Task 1: gather -----------------------------------------------------------------

GRADED_TEST(Gather, ReturnsResultsInInputOrder, 1, 2) {
    std::vector<std::string> words;
    std::vector<int> none = {-1};
    run_on_one_thread([&]() -> asio::awaitable<void> {
        // The first one finishes last, the last one first.
        const std::vector<std::string> input = {"zero", "one", "two", "three", "four", "five"};
        std::vector<asio::awaitable<std::string>> tasks;
        for (std::size_t i = 0; i < input.size(); ++i)
            tasks.push_back(late_word(std::chrono::milliseconds(10 * (input.size() - i)), input[i]));
        words = co_await lab09::gather(std::move(tasks));
        none = co_await lab09::gather(std::vector<asio::awaitable<int>>{});
    });
    const std::vector<std::string> expected = {"zero", "one", "two", "three", "four", "five"};
    ASSERT_EQ(words.size(), expected.size()) << "gather must return one result per awaitable";
    for (std::size_t i = 0; i < expected.size(); ++i)
        EXPECT_EQ(words[i], expected[i]) << "the results are not in input order: result " << i
                                         << " must be what awaitable " << i
                                         << " returned (these awaitables finished in reverse order)";
    EXPECT_TRUE(none.empty()) << "gather of no awaitables must return an empty vector";
}

GRADED_TEST(Gather, RunsAllAtOnceOnOneThread, 1, 2) {
    constexpr int count = 100;
    constexpr auto wait = 50ms;
    WaitCounter counter;
    std::vector<int> results;
    const double elapsed_ms = course::time_ms([&] {
        run_on_one_thread([&]() -> asio::awaitable<void> {
            std::vector<asio::awaitable<int>> tasks;
            for (int i = 0; i < count; ++i) tasks.push_back(counted_wait(counter, wait, i));
            results = co_await lab09::gather(std::move(tasks));
        });
    });
    ASSERT_EQ(results.size(), static_cast<std::size_t>(count)) << "gather must return one result per awaitable";
    std::sort(results.begin(), results.end());  // the order is another test's business
    for (int i = 0; i < count; ++i) ASSERT_EQ(results[i], i) << "a result is missing or wrong: " << i << " not found";
    // Structure first: all 100 must have been waiting at the same moment.
    ASSERT_EQ(counter.high_water_mark, count)
        << "the awaitables did not all wait at the same time: at most " << counter.high_water_mark
        << " waited at once, " << count << " expected (with 1 they ran one after another: start them all "
        << "with co_spawn before waiting for any)";
    // Then time, with a wide margin: serial would take 100 x 50 ms = 5000 ms.
    EXPECT_LT(elapsed_ms, 5 * 50.0) << "100 awaitables waiting 50 ms each took " << elapsed_ms
                                    << " ms on one thread; about 50 ms expected, 250 ms allowed";
}

GRADED_TEST(Gather, RethrowsTheFirstFailureInInputOrderAfterAllFinished, 1, 2) {
    int finished = 0;
    int finished_when_caught = -1;
    std::string caught = "nothing";
    run_on_one_thread([&]() -> asio::awaitable<void> {
        std::vector<asio::awaitable<int>> tasks;
        tasks.push_back(succeed_after(30ms, 0, finished));
        tasks.push_back(fail_after<std::runtime_error>(40ms, "awaitable 1 failed", finished));  // first in input order
        tasks.push_back(fail_after<std::logic_error>(10ms, "awaitable 2 failed", finished));    // first in time
        tasks.push_back(succeed_after(80ms, 3, finished));                                      // the last to end
        try {
            co_await lab09::gather(std::move(tasks));
            caught = "no exception";
        } catch (const std::runtime_error& error) {
            caught = error.what();
        } catch (const std::exception& error) {
            caught = std::string("another exception: ") + error.what();
        }
        finished_when_caught = finished;
    });
    EXPECT_EQ(finished_when_caught, 4)
        << "gather threw while some awaitables had not finished: " << finished_when_caught
        << " of 4 had ended when the exception reached the caller (wait for all, then throw)";
    EXPECT_EQ(caught, "awaitable 1 failed")
        << "gather must rethrow the exception of the first failing awaitable in INPUT order "
           "(awaitable 1's std::runtime_error), not the first to fail in time (awaitable 2's)";
}

// ---- Task 2: with_timeout -----------------------------------------------------------

GRADED_TEST(WithTimeout, ReturnsTheValueInTimeAndDropsTheDeadline, 2, 1) {
    int value = 0;
    int cancels = 0;
    int finished = 0;
    const double elapsed_ms = course::time_ms([&] {
        run_on_one_thread([&]() -> asio::awaitable<void> {
            value = co_await lab09::with_timeout(succeed_after(20ms, 42, finished), 3s, [&] { ++cancels; });
        });
    });
    EXPECT_EQ(value, 42) << "with_timeout must return the operation's value when it ends in time";
    EXPECT_EQ(cancels, 0) << "cancel() was called although the operation ended in time";
    EXPECT_LT(elapsed_ms, 1500.0) << "the io_context ran for " << elapsed_ms
                                  << " ms although the operation took 20 ms: the 3 s deadline timer was left "
                                     "waiting (cancel it when the operation wins)";
}

GRADED_TEST(WithTimeout, ThrowsAndCancelsWhenTheTimerWins, 2, 2) {
    int cancels = 0;
    bool completed = false;   // the operation ran to its end (it must not: it was cancelled)
    bool ended = false;       // the operation ended in any way
    bool ended_at_throw = false;
    std::string caught = "nothing";
    const double elapsed_ms = course::time_ms([&] {
        run_on_one_thread([&]() -> asio::awaitable<void> {
            asio::steady_timer slow(co_await asio::this_coro::executor, 2s);
            auto operation = [](asio::steady_timer& timer, bool& completed, bool& ended) -> asio::awaitable<int> {
                struct Ends {
                    bool& ended;
                    ~Ends() { ended = true; }
                } guard{ended};
                co_await timer.async_wait(asio::use_awaitable);  // 2 s, unless cancelled
                completed = true;
                co_return 1;
            };
            try {
                co_await lab09::with_timeout(operation(slow, completed, ended), 50ms, [&] {
                    ++cancels;
                    slow.cancel();  // object-wide cancellation: the wait ends with operation_aborted
                });
                caught = "no exception";
            } catch (const lab09::Timeout& error) {
                caught = error.what();
            } catch (const std::exception& error) {
                caught = std::string("another exception: ") + error.what();
            }
            ended_at_throw = ended;
        });
    });
    EXPECT_EQ(cancels, 1) << "the operation was not cancelled: cancel() was called " << cancels
                          << " times, once expected when the time limit passes";
    EXPECT_FALSE(completed) << "the operation was not cancelled: it completed later, after with_timeout had "
                               "given up on it";
    EXPECT_TRUE(caught.find("within 50 ms") != std::string::npos)
        << "with_timeout must throw lab09::Timeout(limit) when the timer wins; it ended with: " << caught;
    EXPECT_TRUE(ended_at_throw) << "with_timeout threw while the cancelled operation was still running: wait "
                                   "until it has ended, then throw";
    EXPECT_LT(elapsed_ms, 1500.0) << "with a 50 ms limit, the whole run took " << elapsed_ms
                                  << " ms: the 2 s operation was not cut short";
}

GRADED_TEST(WithTimeout, PassesTheOperationsExceptionOn, 2, 1) {
    int finished = 0;
    int cancels = 0;
    std::string caught = "nothing";
    run_on_one_thread([&]() -> asio::awaitable<void> {
        try {
            co_await lab09::with_timeout(fail_after<std::invalid_argument>(10ms, "bad request", finished), 3s,
                                         [&] { ++cancels; });
            caught = "no exception";
        } catch (const std::invalid_argument& error) {
            caught = error.what();
        } catch (const std::exception& error) {
            caught = std::string("another exception: ") + error.what();
        }
    });
    EXPECT_EQ(caught, "bad request") << "an exception thrown by the operation must reach the caller of "
                                        "with_timeout, with its own type and message";
    EXPECT_EQ(cancels, 0) << "cancel() was called although the operation ended in time";
}
