// Graded tests for lab 07, part (a): the process pool. Points are declared beside each test.
//
// No test looks at the clock to decide. That work ran in two processes at once is proved
// by a high-water mark kept in shared memory; zombies and leaked file descriptors are read
// from /proc. Every child a test forks itself ends with _exit, never inside GoogleTest.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "grading/graded_test.hpp"
#include "process_pool.hpp"
#include "processes.hpp"

using lab07::ProcessPool;
using namespace lab07_test;

namespace {

// ---- functions the workers run: plain functions, valid in every forked copy ------------

long cube(int x) { return static_cast<long>(x) * x * x; }
double root_of_cube(double x) { return std::sqrt(x * x * x); }

struct Point {
    int x;
    int y;
    bool operator==(const Point&) const = default;
};
Point mirrored(Point p) { return Point{p.y, -p.x}; }

std::string reversed(const std::string& text) { return std::string(text.rbegin(), text.rend()); }
std::size_t length_of(const std::string& text) { return text.size(); }

pid_t worker_pid(int) { return ::getpid(); }

// The later the input, the sooner it finishes: input i sleeps (12 - i) * 3 ms. With
// three workers the first chunks finish last, so completion order is not input order.
int slower_first(int i) {
    ::usleep(static_cast<useconds_t>(std::max(0, 12 - i)) * 3000);
    return i * 10;
}

// Aborts on input 13, as a bug in native code would: the worker dies of SIGABRT.
int double_or_abort_on_13(int x) {
    if (x == 13) {
        const rlimit no_core{0, 0};
        ::setrlimit(RLIMIT_CORE, &no_core);  // no core file left behind by the test
        std::abort();
    }
    return 2 * x;
}

int root_or_throw(int x) {
    if (x < 0) throw std::domain_error("no square root of " + std::to_string(x));
    return static_cast<int>(std::sqrt(x));
}

// ---- a high-water mark of inputs running at once, across processes ----------------------

struct Overlap {
    std::atomic<int> inside{0};
    std::atomic<int> most{0};
    std::atomic<bool> gave_up{false};
};
Overlap* overlap = nullptr;  // points into shared memory made before the pool forks

// Enters, then waits (up to 3 s) until two inputs have been inside at the same time. A
// pool that runs one input at a time never gets there: the first input gives up after
// 3 s, and every later one goes straight through.
pid_t wait_for_company(int) {
    const int now = ++overlap->inside;
    int most = overlap->most.load();
    while (now > most && !overlap->most.compare_exchange_weak(most, now)) {
    }
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (overlap->most.load() < 2 && !overlap->gave_up.load()) {
        if (std::chrono::steady_clock::now() > give_up) overlap->gave_up = true;
        ::usleep(500);
    }
    --overlap->inside;
    return ::getpid();
}

template <class T>
std::vector<T> numbers(int count, int first = 0) {
    std::vector<T> values;
    for (int i = first; i < first + count; ++i) values.push_back(static_cast<T>(i));
    return values;
}

}  // namespace

// ---- Task 1: start and shut down ---------------------------------------------------------

GRADED_TEST(Start, ForksTheWorkersInTheConstructor, 1, 1) {
    EXPECT_THROW(ProcessPool(0), std::invalid_argument) << "a pool needs at least one worker";
    ProcessPool pool(3);
    EXPECT_EQ(pool.worker_count(), 3u);
    const std::vector<pid_t> pids = pool.worker_pids();
    ASSERT_EQ(pids.size(), 3u) << "worker_pids() must list the 3 workers the constructor started";
    EXPECT_EQ(std::set<pid_t>(pids.begin(), pids.end()).size(), 3u) << "the 3 workers must be 3 processes";
    for (pid_t pid : pids) {
        const ProcessInfo info = process_info(pid);
        EXPECT_NE(pid, ::getpid()) << "a worker cannot be the calling process itself";
        EXPECT_EQ(info.parent, ::getpid()) << "worker " << pid << " is not a child of the process that made the pool";
        EXPECT_TRUE(info.state != 0 && info.state != 'Z') << "worker " << pid << " is not running (state '" << info.state
                                                          << "'): workers wait for work until shutdown()";
    }
}

GRADED_TEST(Shutdown, ReapsEveryWorker, 1, 2) {
    std::vector<pid_t> pids;
    {
        ProcessPool pool(3);
        pids = pool.worker_pids();
        pool.shutdown();
        EXPECT_TRUE(pool.worker_pids().empty()) << "worker_pids() must be empty after shutdown()";
        pool.shutdown();  // a second call does nothing
    }
    {
        ProcessPool dropped(2);  // destroyed without shutdown(): the destructor must reap too
        const std::vector<pid_t> more = dropped.worker_pids();
        pids.insert(pids.end(), more.begin(), more.end());
    }
    ASSERT_EQ(pids.size(), 5u);
    for (pid_t pid : pids) {
        const std::string what = fate(pid);
        if (what == "zombie")
            ADD_FAILURE() << "a worker was left a zombie after shutdown: the pool never waited for it (waitpid). "
                          << "Worker " << pid << " has exited, but its exit status was never collected.";
        else if (what == "still running")
            ADD_FAILURE() << "a worker was still running 2 s after shutdown returned: shutdown must wait for every "
                          << "worker. Worker " << pid << " is still alive.";
        clean_up(pid);
    }
}

GRADED_TEST(Shutdown, LeavesNoFileDescriptorOpen, 1, 1) {
    const std::string before = open_fds();
    for (int round = 0; round < 3; ++round) {
        ProcessPool pool(3);
        if (round == 1) pool.shutdown();
    }
    const std::string after = open_fds();
    EXPECT_EQ(count_lines(after), count_lines(before))
        << "the pool left file descriptors open after shutdown: every pipe end the parent kept must be closed.\n"
        << "open before the pools:\n" << before << "open after three pools were shut down:\n" << after;
}

// ---- Task 2: map ---------------------------------------------------------------------------

GRADED_TEST(Map, MatchesASerialMap, 2, 1) {
    ProcessPool pool(3);
    const std::vector<int> ints = numbers<int>(1000, -500);
    std::vector<long> expected;
    for (int x : ints) expected.push_back(cube(x));
    EXPECT_EQ(pool.map(cube, ints), expected) << "map(cube, ...) differs from a serial loop";

    const std::vector<double> doubles = numbers<double>(5000, 1);
    std::vector<double> roots;
    for (double x : doubles) roots.push_back(root_of_cube(x));
    EXPECT_EQ(pool.map(root_of_cube, doubles, 100), roots) << "map(root_of_cube, ..., 100) differs from a serial loop";

    const std::vector<Point> points{{1, 2}, {3, -4}, {0, 0}, {-7, 9}};
    const std::vector<Point> turned{{2, -1}, {-4, -3}, {0, 0}, {9, 7}};
    EXPECT_EQ(pool.map(mirrored, points, 3), turned) << "a trivially copyable struct must travel as its bytes";
}

GRADED_TEST(Map, ReturnsResultsInInputOrder, 2, 1) {
    ProcessPool pool(3);
    const std::vector<int> inputs = numbers<int>(12);
    const std::vector<int> results = pool.map(slower_first, inputs, 1);
    ASSERT_EQ(results.size(), inputs.size()) << "map must return one result per input";
    for (std::size_t i = 0; i < inputs.size(); ++i)
        ASSERT_EQ(results[i], inputs[i] * 10)
            << "the results are not in input order: result " << i << " is " << results[i] << ", the result of input "
            << results[i] / 10 << ". Early inputs run longest here, so results must be put back in input order, "
            << "not collected in the order the workers finish.";
}

GRADED_TEST(Map, EveryChunkSizeAndAnEmptyInput, 2, 1) {
    ProcessPool pool(2);
    const std::vector<int> inputs = numbers<int>(23, 1);
    std::vector<long> expected;
    for (int x : inputs) expected.push_back(cube(x));
    for (std::size_t chunksize : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 100})
        ASSERT_EQ(pool.map(cube, inputs, chunksize), expected) << "map over 23 inputs with chunksize " << chunksize;
    EXPECT_TRUE(pool.map(cube, std::vector<int>{}).empty()) << "an empty input gives an empty result";
    EXPECT_TRUE(pool.map(cube, std::vector<int>{}, 5).empty()) << "an empty input gives an empty result";
    EXPECT_EQ(pool.map(cube, std::vector<int>{3}, 5), std::vector<long>{27});
    pool.shutdown();
    EXPECT_THROW(pool.map(cube, inputs), lab07::PoolClosed) << "map after shutdown() must throw PoolClosed";
}

GRADED_TEST(Map, CarriesStringsAndLargeChunks, 2, 1) {
    ProcessPool pool(2);
    const std::vector<std::string> words{"pool", "", "map", std::string(300'000, 'x') + "y", "chunk"};
    std::vector<std::string> expected;
    for (const auto& word : words) expected.push_back(reversed(word));
    EXPECT_EQ(pool.map(reversed, words, 2), expected) << "strings, one of 300 KB, in chunks of 2";
    EXPECT_EQ(pool.map(length_of, words), (std::vector<std::size_t>{4, 0, 3, 300'001, 5}));

    // Chunks of 800 KB: far more than a pipe holds at once (64 KiB on Linux), so every
    // frame arrives in pieces that must be read until it is whole.
    const std::vector<double> many = numbers<double>(300'000);
    std::vector<double> roots;
    for (double x : many) roots.push_back(root_of_cube(x));
    EXPECT_EQ(pool.map(root_of_cube, many, 100'000), roots) << "300 000 doubles in chunks of 100 000";
}

GRADED_TEST(Map, RunsInSeveralWorkerProcessesAtOnce, 2, 2) {
    Shared<Overlap> shared;
    overlap = shared.get();  // before the pool forks, so every worker sees the same memory
    ProcessPool pool(2);
    const std::vector<pid_t> workers = pool.worker_pids();
    const std::vector<pid_t> ran_in = pool.map(wait_for_company, numbers<int>(8), 1);
    EXPECT_GE(shared->most.load(), 2) << "the inputs never ran in two processes at the same time: at most "
                                      << shared->most.load() << " ran at once on a pool of 2 workers";
    EXPECT_LE(shared->most.load(), 2) << "more inputs ran at once than the pool has workers";
    for (pid_t pid : ran_in) {
        ASSERT_NE(pid, ::getpid()) << "fn ran in the calling process: map must send the inputs to the workers";
        ASSERT_TRUE(std::find(workers.begin(), workers.end(), pid) != workers.end())
            << "fn ran in process " << pid << ", which is not one of the pool's workers";
    }
    EXPECT_EQ(pool.map(worker_pid, numbers<int>(40), 1).size(), 40u);
    EXPECT_EQ(pool.worker_pids(), workers) << "the workers must be started once, in the constructor, and reused by every map";
}

// ---- Task 3: when a worker dies -------------------------------------------------------------

GRADED_TEST(Crash, NamesTheInputAndReplacesTheWorker, 3, 2) {
    const std::string fds_before = open_fds();
    {
        ProcessPool pool(2);
        const std::vector<pid_t> before = pool.worker_pids();
        const std::vector<int> inputs = numbers<int>(40);
        try {
            pool.map(double_or_abort_on_13, inputs, 1);
            ADD_FAILURE() << "map returned, but the worker that ran input 13 died of abort()";
        } catch (const lab07::WorkerCrashed& error) {
            EXPECT_EQ(error.first_input(), 13u) << "the error must name the input that killed the worker: " << error.what();
            EXPECT_EQ(error.input_count(), 1u) << "with chunksize 1 the chunk holds one input: " << error.what();
            EXPECT_NE(std::string(error.what()).find("13"), std::string::npos)
                << "the message must name input 13: " << error.what();
        } catch (const std::exception& error) {
            ADD_FAILURE() << "a dead worker must be reported as lab07::WorkerCrashed, but map threw: " << error.what();
        }

        const std::vector<pid_t> after = pool.worker_pids();
        ASSERT_EQ(after.size(), 2u) << "the pool must replace the dead worker and keep 2 workers";
        std::vector<pid_t> gone;
        for (pid_t pid : before)
            if (std::find(after.begin(), after.end(), pid) == after.end()) gone.push_back(pid);
        ASSERT_EQ(gone.size(), 1u) << "exactly one worker died and must have been replaced; the other one stays";
        EXPECT_EQ(fate(gone[0]), "reaped") << "the dead worker " << gone[0] << " must be reaped (waitpid), not left a zombie";
        clean_up(gone[0]);
        for (pid_t pid : after) EXPECT_EQ(process_info(pid).parent, ::getpid()) << "worker " << pid << " is not running";

        std::vector<int> safe = inputs;
        safe.erase(safe.begin() + 13);
        std::vector<int> doubled;
        for (int x : safe) doubled.push_back(2 * x);
        EXPECT_EQ(pool.map(double_or_abort_on_13, safe, 1), doubled) << "the pool must work again after a crash";

        try {
            pool.map(double_or_abort_on_13, inputs, 4);
            ADD_FAILURE() << "map returned, but the worker that ran the chunk of inputs 12 to 15 died of abort()";
        } catch (const lab07::WorkerCrashed& error) {
            EXPECT_EQ(error.first_input(), 12u) << "input 13 is in the chunk of inputs 12 to 15: " << error.what();
            EXPECT_EQ(error.input_count(), 4u) << error.what();
        }
        EXPECT_EQ(pool.map(double_or_abort_on_13, safe, 3), doubled) << "the pool must work again after a second crash";
    }
    const std::string fds_after = open_fds();
    EXPECT_EQ(count_lines(fds_after), count_lines(fds_before))
        << "the dead workers' pipes were not all closed.\nopen before:\n" << fds_before << "open after:\n" << fds_after;
}

GRADED_TEST(Crash, AnExceptionInFnReachesTheCaller, 3, 1) {
    ProcessPool pool(2);
    const std::vector<pid_t> before = pool.worker_pids();
    const std::vector<int> inputs{16, 9, 4, -3, 1, 0};
    try {
        pool.map(root_or_throw, inputs, 1);
        ADD_FAILURE() << "map returned, but fn threw std::domain_error on input 3";
    } catch (const lab07::TaskFailed& error) {
        EXPECT_EQ(error.first_input(), 3u) << error.what();
        EXPECT_NE(std::string(error.what()).find("no square root of -3"), std::string::npos)
            << "the message must carry fn's own what(): " << error.what();
    } catch (const std::exception& error) {
        ADD_FAILURE() << "an exception thrown by fn must reach the caller as lab07::TaskFailed, but map threw: "
                      << error.what();
    }
    EXPECT_EQ(pool.worker_pids(), before) << "a worker whose fn threw must catch it and live on";
    EXPECT_EQ(pool.map(root_or_throw, std::vector<int>{16, 9, 4}, 1), (std::vector<int>{4, 3, 2}));
}
