/// @file switching.cpp
/// @brief Switch: handing control from one unit to another (condition variable, fiber yield, coroutine resume, pipe).
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <boost/fiber/all.hpp>

#include "bench.hpp"
#include "coro.hpp"
#include "course/timing.hpp"

namespace bench {
namespace {

// A coroutine that gives control back on every resume, forever (its owner destroys it).
Lazy ticker(long& ticks) {
    for (;;) {
        ++ticks;
        co_await std::suspend_always{};
    }
}

}  // namespace

void add_switching(Registry& registry) {
    const bool quick = registry.settings().quick;
    const int round_trips = quick ? 2000 : 5000, yields = quick ? 200000 : 1000000, resumes = 10000000;

    registry.add("switch.thread_cv", "threads: hand-off through a condition variable", "us", 2, [=](Row& row) {
        row.note = std::to_string(round_trips) + " round trips between 2 threads; per hand-off (half a round trip)";
        std::mutex mutex;
        std::condition_variable changed;
        int turn = 0;  // 0: the main thread's turn, 1: the other's
        std::thread other([&] {
            for (int i = 0; i < round_trips; ++i) {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return turn == 1; });
                turn = 0;
                changed.notify_one();
            }
        });
        const double ms = course::time_ms([&] {
            for (int i = 0; i < round_trips; ++i) {
                std::unique_lock lock(mutex);
                turn = 1;
                changed.notify_one();
                changed.wait(lock, [&] { return turn == 0; });
            }
        });
        other.join();
        return ms * 1000.0 / (2.0 * round_trips);
    });
    registry.add("switch.fiber_yield", "fibers: yield to the other fiber", "us", 4, [=](Row& row) {
        row.note = "2 fibers on one thread, " + std::to_string(yields) + " yields each; per switch";
        const double ms = course::time_ms([&] {
            auto body = [=] {
                for (int i = 0; i < yields; ++i) boost::this_fiber::yield();
            };
            boost::fibers::fiber a(body), b(body);
            a.join(), b.join();
        });
        return ms * 1000.0 / (2.0 * yields);
    });
    registry.add("switch.coroutine", "coroutine: resume + suspend", "us", 4, [=](Row& row) {
        row.note = std::to_string(resumes) + " resumes of one coroutine; per resume (there and back)";
        long ticks = 0;
        Lazy task = ticker(ticks);
        const double ms = course::time_ms([&] {
            for (int i = 0; i < resumes; ++i) task.handle.resume();
        });
        course::keep(ticks);
        if (ticks != resumes) throw Skip("the coroutine ran " + std::to_string(ticks) + " times, not " + std::to_string(resumes));
        return ms * 1000.0 / resumes;
    });
    registry.add("switch.pipe", "processes: 1-byte pipe ping-pong", "us", 2, [=](Row& row) {
        row.note = std::to_string(round_trips) + " round trips between 2 processes; per hand-off (half a round trip)";
        int there[2], back[2];
        if (pipe(there) != 0 || pipe(back) != 0) throw Skip("pipe() failed");
        const int pid = fork_child([&] {
            close(there[1]), close(back[0]);
            char byte = 0;
            for (int i = 0; i < round_trips; ++i)
                if (!read_all(there[0], &byte, 1) || !write_all(back[1], &byte, 1)) return 1;
            return 0;
        });
        close(there[0]), close(back[1]);
        bool ok = true;
        const double ms = course::time_ms([&] {
            char byte = 'x';
            for (int i = 0; i < round_trips && ok; ++i) ok = write_all(there[1], &byte, 1) && read_all(back[0], &byte, 1);
        });
        close(there[1]), close(back[0]);
        reap(pid, "pipe ping-pong");
        if (!ok) throw Skip("the pipe ping-pong broke off");
        return ms * 1000.0 / (2.0 * round_trips);
    });
}

}  // namespace bench
