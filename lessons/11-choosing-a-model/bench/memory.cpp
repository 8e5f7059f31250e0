/// @file memory.cpp
/// @brief Memory: bytes per live unit, measured from /proc (threads, fibers, coroutines, processes), never assumed.
///
/// Threads, fibers and coroutines live in this process: their cost is how much its
/// resident set (VmRSS) grows while N of them are alive, divided by N. Only pages really
/// touched count: a thread's 8 MiB stack is mostly reserved address space, not memory.
/// A forked child shares its parent's pages until it writes to them; its cost is its
/// private resident memory (smaps_rollup). Kernel structures (a thread's 16 KiB kernel
/// stack, page tables) are in no process's RSS and are not counted.
#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>

#include "bench.hpp"
#include "coro.hpp"

namespace bench {
namespace {

// A coroutine that touches its frame, then waits to be resumed (or destroyed).
Lazy parked(int seed) {
    volatile int local = seed;  // lives in the frame, since it is used after the suspension
    co_await std::suspend_always{};
    local = local + 1;
}

std::string count_note(int reached, int wanted, const std::string& what, const std::string& why) {
    if (reached == wanted) return std::to_string(reached) + " " + what + " alive at once";
    return "only " + std::to_string(reached) + " of " + std::to_string(wanted) + " " + what + " (" + why + ")";
}

// The baseline RSS, after giving free heap pages back to the kernel: otherwise units made
// in memory that an earlier round freed would look free of charge.
long long clean_rss() {
    malloc_trim(0);
    return rss_bytes();
}

}  // namespace

void add_memory(Registry& registry) {
    const bool quick = registry.settings().quick;
    const int threads = quick ? 2000 : 10000, fibers = quick ? 20000 : 100000, coroutines = 100000;
    const int processes = quick ? 200 : 1000;

    registry.add("memory.threads", "threads (RSS growth / thread)", "KiB", 1, [=](Row& row) {
        std::mutex mutex;
        std::condition_variable release;
        bool go = false;
        std::atomic<int> started{0};
        std::vector<std::thread> alive;
        alive.reserve(threads);
        std::string why;
        const long long before = clean_rss();
        try {
            for (int i = 0; i < threads; ++i)
                alive.emplace_back([&] {
                    started.fetch_add(1);
                    std::unique_lock lock(mutex);
                    release.wait(lock, [&] { return go; });
                });
        } catch (const std::system_error& error) {
            why = std::string("thread creation failed: ") + error.what();
        }
        while (started.load() < static_cast<int>(alive.size())) std::this_thread::yield();
        const long long grown = rss_bytes() - before;
        {
            std::lock_guard lock(mutex);
            go = true;
        }
        release.notify_all();
        for (auto& thread : alive) thread.join();
        row.note = count_note(static_cast<int>(alive.size()), threads, "threads", why) + "; VmRSS growth";
        if (alive.empty()) throw Skip(why);
        return static_cast<double>(grown) / 1024.0 / static_cast<double>(alive.size());
    });
    registry.add("memory.fibers", "fibers (RSS growth / fiber)", "KiB", 2, [=](Row& row) {
        boost::fibers::mutex mutex;
        boost::fibers::condition_variable release;
        bool go = false;
        std::vector<boost::fibers::fiber> alive;
        alive.reserve(fibers);
        std::string why;
        const long long before = clean_rss();
        try {
            for (int i = 0; i < fibers; ++i)
                alive.emplace_back(boost::fibers::launch::dispatch, [&] {  // runs up to its wait at once
                    std::unique_lock lock(mutex);
                    release.wait(lock, [&] { return go; });
                });
        } catch (const std::exception& error) {
            why = std::string("fiber creation failed: ") + error.what();
        }
        const long long grown = rss_bytes() - before;
        {
            std::unique_lock lock(mutex);
            go = true;
        }
        release.notify_all();
        for (auto& fiber : alive) fiber.join();
        row.note = count_note(static_cast<int>(alive.size()), fibers, "fibers", why) +
                   "; default 128 KiB stacks, VmRSS growth";
        if (alive.empty()) throw Skip(why);
        return static_cast<double>(grown) / 1024.0 / static_cast<double>(alive.size());
    });
    registry.add("memory.coroutines", "coroutines (RSS growth / coroutine)", "KiB", 3, [=](Row& row) {
        std::vector<Lazy> alive;
        alive.reserve(coroutines);
        const long long before = clean_rss();
        for (int i = 0; i < coroutines; ++i) {
            alive.push_back(parked(i));
            alive.back().handle.resume();  // runs to its co_await
        }
        const long long grown = rss_bytes() - before;
        row.note = count_note(coroutines, coroutines, "suspended coroutines", "") + "; VmRSS growth";
        return static_cast<double>(grown) / 1024.0 / coroutines;
    });
    registry.add("memory.processes", "processes (private RSS / child)", "KiB", 1, [=](Row& row) {
        int hold[2];
        if (pipe(hold) != 0) throw Skip("pipe() failed");
        std::vector<int> children;
        std::string why;
        try {
            for (int i = 0; i < processes; ++i)
                children.push_back(fork_child([&] {
                    close(hold[1]);
                    char byte;
                    return read(hold[0], &byte, 1) == 0 ? 0 : 1;  // lives until the parent closes the pipe
                }));
        } catch (const Skip& failed) {
            why = failed.what();
        }
        close(hold[0]);
        long long total = 0;
        std::string unreadable;
        for (int pid : children) try {
                total += private_bytes(pid);
            } catch (const Skip& failed) {
                unreadable = failed.what();
            }
        close(hold[1]);  // every child reads EOF and exits
        for (int pid : children) reap(pid, "memory.processes");
        if (!unreadable.empty()) throw Skip(unreadable);
        row.note = count_note(static_cast<int>(children.size()), processes, "forked children", why) +
                   "; Private_Clean + Private_Dirty from /proc/PID/smaps_rollup";
        if (children.empty()) throw Skip(why);
        return static_cast<double>(total) / 1024.0 / static_cast<double>(children.size());
    });
}

}  // namespace bench
