/// @file startup.cpp
/// @brief Start-up: what creating and finishing one unit of each model costs (thread, fiber, coroutine, process).
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <boost/fiber/all.hpp>

#include "bench.hpp"
#include "coro.hpp"
#include "course/timing.hpp"

extern char** environ;

namespace bench {
namespace {

Lazy empty_coroutine() { co_return; }

// Micro-seconds per unit of `count` runs of `once`.
template <class Once>
double us_each(int count, Once once) {
    const double ms = course::time_ms([&] {
        for (int i = 0; i < count; ++i) once();
    });
    return ms * 1000.0 / count;
}

}  // namespace

void add_startup(Registry& registry) {
    const bool quick = registry.settings().quick;
    const int threads = quick ? 300 : 1000, fibers = 10000, coroutines = 100000;
    const int forks = quick ? 60 : 200, spawns = quick ? 30 : 100;

    registry.add("startup.thread", "std::thread create + join", "us", 1, [=](Row& row) {
        row.note = std::to_string(threads) + " in sequence";
        return us_each(threads, [] { std::thread([] {}).join(); });
    });
    registry.add("startup.fiber", "Boost.Fiber create + join", "us", 3, [=](Row& row) {
        row.note = std::to_string(fibers) + " in sequence, default stack (fixedsize, 128 KiB)";
        return us_each(fibers, [] { boost::fibers::fiber([] {}).join(); });
    });
    registry.add("startup.coroutine", "C++20 coroutine create + run + destroy", "us", 3, [=](Row& row) {
        row.note = std::to_string(coroutines) + " in sequence (frame on the heap)";
        return us_each(coroutines, [] {
            Lazy task = empty_coroutine();
            task.handle.resume();
        });
    });
    registry.add("startup.fork", "process: fork + _exit + waitpid", "us", 1, [=](Row& row) {
        // fork copies the parent's page tables, so its cost grows with the parent's size.
        row.note = std::to_string(forks) + " in sequence, from a parent of " +
                   std::to_string(rss_bytes() >> 20) + " MiB resident";
        return us_each(forks, [] { reap(fork_child([] { return 0; }), "fork"); });
    });
    registry.add("startup.posix_spawn", "process: posix_spawn(/bin/true) + waitpid", "us", 1, [=](Row& row) {
        row.note = std::to_string(spawns) + " in sequence, a new program each time";
        return us_each(spawns, [] {
            char program[] = "/bin/true";
            char* argv[] = {program, nullptr};
            pid_t pid = 0;
            if (const int failed = posix_spawn(&pid, program, nullptr, nullptr, argv, environ))
                throw Skip(std::string("posix_spawn(/bin/true) failed: ") + std::strerror(failed));
            reap(pid, "posix_spawn");
        });
    });
}

}  // namespace bench
