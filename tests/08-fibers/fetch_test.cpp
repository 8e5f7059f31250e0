// Graded tests for lab 08, tasks 1 and 2: fetch and fetch_all. Points beside each test.
//
// Each test runs its fibers on a fresh thread (a Background, harness.hpp), so every test
// starts with a new fiber scheduler and a broken implementation that never returns fails
// with a message after a time limit instead of hanging. Concurrency is proven by
// structure first (how many tasks were inside their wait at once, a FiberProbe); the
// clock is read only to tell "waited together" from "waited one after another", with
// margins that hold on a loaded machine.
#include <boost/fiber/all.hpp>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "course/timing.hpp"
#include "fetch.hpp"
#include "grading/graded_test.hpp"
#include "harness.hpp"

using lab08_testing::FiberProbe;
using lab08_testing::in_background;
using namespace std::chrono_literals;

namespace {

// Far longer than any correct call takes, even on a busy machine.
constexpr auto patience = 5s;

// A task that waits `latency` the fiber way while the probe counts it, then returns `value`.
lab08::Task sleeping_task(std::shared_ptr<FiberProbe> probe, std::chrono::milliseconds latency, std::string value) {
    return [probe, latency, value] {
        FiberProbe::Inside inside(*probe);
        boost::this_fiber::sleep_for(latency);
        return value;
    };
}

struct Timed {
    std::vector<lab08::Result> results;
    double ms = 0;
};

// Runs fetch_all(tasks, limit) on a fresh thread and times it.
std::unique_ptr<lab08_testing::Background<Timed>> timed_fetch_all(std::vector<lab08::Task> tasks, std::size_t limit) {
    return in_background([tasks = std::move(tasks), limit] {
        Timed timed;
        timed.ms = course::time_ms([&] { timed.results = lab08::fetch_all(tasks, limit); });
        return timed;
    });
}

// n tasks of `latency` each, all counted by `probe`.
std::vector<lab08::Task> equal_tasks(std::shared_ptr<FiberProbe> probe, int n, std::chrono::milliseconds latency) {
    std::vector<lab08::Task> tasks;
    for (int i = 0; i < n; ++i) tasks.push_back(sleeping_task(probe, latency, "task " + std::to_string(i)));
    return tasks;
}

}  // namespace

// ---- Task 1: fetch ------------------------------------------------------------------

GRADED_TEST(Fetch, ReturnsTheContentsAfterTheLatency, 1, 1) {
    auto call = in_background([] {
        std::string body;
        const double ms = course::time_ms([&] { body = lab08::fetch("https://example.org/a", 40ms); });
        return std::make_pair(body, ms);
    });
    ASSERT_TRUE(call->finishes_within(patience)) << "fetch(url, 40 ms) had not returned after 5 s";
    const auto& [body, ms] = call->result();
    EXPECT_EQ(body, "contents of https://example.org/a") << "fetch returns \"contents of \" followed by the url";
    // Generous on purpose: the clock only tells apart "waited" from "did not wait at all".
    EXPECT_GE(ms, 30.0) << "fetch(url, 40 ms) returned after " << ms << " ms: it must wait about its latency";
}

GRADED_TEST(Fetch, LetsOtherFibersRun, 1, 2) {
    // Ten fibers fetch at once. A fetch that suspends only its fiber lets all ten wait
    // together; one that blocks the thread makes them wait one after another.
    constexpr int fibers = 10;
    auto probe = std::make_shared<FiberProbe>();
    auto run = in_background([probe] {
        std::vector<std::string> bodies(fibers);
        std::exception_ptr error;
        std::vector<boost::fibers::fiber> running;
        for (int i = 0; i < fibers; ++i)
            running.emplace_back([&, i] {
                try {  // an exception escaping a fiber would terminate the process
                    FiberProbe::Inside inside(*probe);
                    bodies[i] = lab08::fetch("https://example.org/" + std::to_string(i), 50ms);
                } catch (...) {
                    if (!error) error = std::current_exception();
                }
            });
        for (auto& fiber : running) fiber.join();
        if (error) std::rethrow_exception(error);
        return bodies;
    });
    ASSERT_TRUE(run->finishes_within(patience)) << "ten fetches of 50 ms in ten fibers had not finished after 5 s";
    const auto& bodies = run->result();
    for (int i = 0; i < fibers; ++i)
        EXPECT_EQ(bodies[i], "contents of https://example.org/" + std::to_string(i));
    EXPECT_EQ(probe->high_water_mark(), fibers)
        << "the tasks ran one after another: at most " << probe->high_water_mark() << " was sleeping at once, "
        << fibers << " expected - does a task block the thread (std::this_thread::sleep_for) instead of "
        << "yielding (boost::this_fiber::sleep_for)?";
}

// ---- Task 2: fetch_all ----------------------------------------------------------------

GRADED_TEST(FetchAll, ResultsInInputOrder, 2, 2) {
    // Task i waits (n - i) × 5 ms, so the tasks finish in the reverse of their order.
    constexpr int n = 12;
    for (std::size_t limit : {std::size_t{n}, std::size_t{4}}) {
        auto probe = std::make_shared<FiberProbe>();
        std::vector<lab08::Task> tasks;
        for (int i = 0; i < n; ++i) tasks.push_back(sleeping_task(probe, (n - i) * 5ms, "task " + std::to_string(i)));
        auto run = timed_fetch_all(tasks, limit);
        ASSERT_TRUE(run->finishes_within(patience)) << "fetch_all of " << n << " short tasks had not returned after 5 s";
        const auto& results = run->result().results;
        ASSERT_EQ(results.size(), std::size_t{n}) << "fetch_all must return one result per task";
        for (int i = 0; i < n; ++i) {
            ASSERT_TRUE(results[i].ok()) << "task " << i << " returned a value, but its result holds none";
            ASSERT_EQ(*results[i].value, "task " + std::to_string(i))
                << "with a limit of " << limit << ", result " << i << " holds what another task returned: results "
                << "must come back in the order of the tasks, not in the order they finished";
        }
    }
}

GRADED_TEST(FetchAll, FailuresAreCollected, 2, 2) {
    auto ran = std::make_shared<std::atomic<int>>(0);
    std::vector<lab08::Task> tasks = {
        [ran] { ++*ran; return std::string("fine 0"); },
        [ran]() -> std::string { ++*ran; throw std::runtime_error("boom 1"); },
        [ran] { ++*ran; return std::string("fine 2"); },
        [ran]() -> std::string { ++*ran; throw 42; },  // not a std::exception
        [ran]() -> std::string { ++*ran; throw std::invalid_argument("bad url 4"); },
        [ran] { ++*ran; return std::string("fine 5"); },
    };
    auto run = in_background([tasks] { return lab08::fetch_all(tasks, 2); });
    ASSERT_TRUE(run->finishes_within(patience)) << "fetch_all of 6 instant tasks had not returned after 5 s";
    std::vector<lab08::Result> results;
    try {
        results = run->result();
    } catch (const std::exception& error) {
        if (std::string(error.what()).find("not implemented yet") != std::string::npos) throw;
        FAIL() << "fetch_all threw \"" << error.what() << "\": a failing task must be reported in its result, "
               << "not thrown out of fetch_all";
    } catch (...) {
        FAIL() << "fetch_all threw: a failing task must be reported in its result, not thrown out of fetch_all";
    }
    EXPECT_EQ(ran->load(), 6) << "only " << ran->load() << " of 6 tasks ran: a failing task must not stop the others";
    ASSERT_EQ(results.size(), 6u) << "fetch_all must return one result per task";
    for (int i : {0, 2, 5}) {
        EXPECT_TRUE(results[i].ok() && *results[i].value == "fine " + std::to_string(i)) << "task " << i << " succeeded";
        EXPECT_FALSE(results[i].exception) << "task " << i << " succeeded, but its result holds an exception";
    }
    const std::pair<int, std::string> failures[] = {{1, "boom 1"}, {3, "unknown exception"}, {4, "bad url 4"}};
    for (const auto& [i, message] : failures) {
        EXPECT_FALSE(results[i].ok()) << "task " << i << " threw, but its result holds a value";
        EXPECT_TRUE(results[i].exception) << "task " << i << " threw, but the exception was lost: its result must "
                                          << "keep it (std::current_exception() inside the catch)";
        EXPECT_EQ(results[i].error, message) << "task " << i << " threw, but its result's error does not say why";
    }
    ASSERT_TRUE(results[1].exception && results[3].exception);
    EXPECT_THROW(std::rethrow_exception(results[1].exception), std::runtime_error)
        << "the kept exception must be the one the task threw";
    EXPECT_THROW(std::rethrow_exception(results[3].exception), int)
        << "the kept exception must be the one the task threw";
}

GRADED_TEST(FetchAll, EdgeCases, 2, 1) {
    auto run = in_background([] {
        EXPECT_THROW(lab08::fetch_all({[] { return std::string("x"); }}, 0), std::invalid_argument)
            << "a limit of 0 could never run anything: fetch_all must throw std::invalid_argument";
        EXPECT_TRUE(lab08::fetch_all({}, 3).empty()) << "no tasks, no results";
        const auto results = lab08::fetch_all({[] { return std::string("a"); }, [] { return std::string("b"); }}, 100);
        EXPECT_EQ(results.size(), 2u) << "a limit larger than the number of tasks is fine";
        EXPECT_TRUE(results.size() == 2 && results[0].value == "a" && results[1].value == "b");
        return true;
    });
    ASSERT_TRUE(run->finishes_within(patience)) << "fetch_all had not returned after 5 s";
    run->result();  // rethrows what the calls threw
}

GRADED_TEST(FetchAll, NeverMoreThanTheLimitAtOnce, 2, 2) {
    for (auto [n, limit] : {std::pair{40, 5}, std::pair{10, 3}, std::pair{6, 1}}) {
        auto probe = std::make_shared<FiberProbe>();
        auto run = timed_fetch_all(equal_tasks(probe, n, 10ms), limit);
        ASSERT_TRUE(run->finishes_within(patience)) << "fetch_all of " << n << " tasks of 10 ms had not returned after 5 s";
        EXPECT_EQ(run->result().results.size(), std::size_t(n));
        const int most = probe->high_water_mark();
        ASSERT_LE(most, limit) << "fetch_all ran " << most << " tasks at once with a limit of " << limit
                               << ": it must never run more than the limit at a time";
        ASSERT_EQ(most, limit) << "fetch_all ran at most " << most << " task(s) at once with a limit of " << limit
                               << ": while tasks wait to start, it must keep `limit` of them running";
    }
}

GRADED_TEST(FetchAll, AThousandAtOnceTakeAboutOneTask, 2, 1) {
    // 1 000 tasks of 20 ms with a limit of 1 000 all wait together: about 20 ms, plus the
    // cost of starting 1 000 fibers (a few ms; about 200 ms on a 2-core machine with a load
    // average of 10). The bound, 25 task times (500 ms), leaves room for such a machine and
    // still fails code that runs the tasks in groups (10 at a time would take 2 000 ms).
    auto probe = std::make_shared<FiberProbe>();
    auto run = timed_fetch_all(equal_tasks(probe, 1000, 20ms), 1000);
    ASSERT_TRUE(run->finishes_within(8s)) << "fetch_all of 1 000 tasks of 20 ms had not returned after 8 s";
    const auto& timed = run->result();
    EXPECT_EQ(timed.results.size(), 1000u);
    ASSERT_EQ(probe->high_water_mark(), 1000) << "with a limit of 1 000, at most " << probe->high_water_mark()
                                              << " of 1 000 tasks were waiting at once: all of them should";
    EXPECT_LT(timed.ms, 500.0) << "1 000 tasks of 20 ms with a limit of 1 000 took " << timed.ms
                               << " ms, more than 25 task times: they should all wait together";
}

GRADED_TEST(FetchAll, TenAtATimeTakeAboutAHundredTasks, 2, 1) {
    // 1 000 tasks of 20 ms, 10 at a time: each of the 10 slots runs 100 tasks in a row,
    // about 100 task times (2 s). No correct run can take less than 100 task times (every
    // task waits at least 20 ms), so the lower bound, 90, only allows for clock rounding;
    // the upper bound, 300 (6 s), allows for a loaded machine and still fails code that
    // waits for a whole group of 10 to finish while most of the group sits idle.
    auto probe = std::make_shared<FiberProbe>();
    auto run = timed_fetch_all(equal_tasks(probe, 1000, 20ms), 10);
    ASSERT_TRUE(run->finishes_within(8s)) << "fetch_all of 1 000 tasks of 20 ms, 10 at a time, had not returned after 8 s";
    const auto& timed = run->result();
    EXPECT_EQ(timed.results.size(), 1000u);
    ASSERT_LE(probe->high_water_mark(), 10) << "fetch_all ran " << probe->high_water_mark()
                                            << " tasks at once with a limit of 10: it must never run more";
    const double task_times = timed.ms / 20.0;
    EXPECT_GE(task_times, 90.0) << "1 000 tasks of 20 ms, 10 at a time, took " << timed.ms << " ms, fewer than 90 task "
                                << "times: more than 10 must have waited at once";
    EXPECT_LE(task_times, 300.0) << "1 000 tasks of 20 ms, 10 at a time, took " << timed.ms << " ms, more than 300 task "
                                 << "times: the 10 slots are not kept busy (start the next task as soon as one ends)";
}
