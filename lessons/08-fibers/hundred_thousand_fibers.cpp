/// @file hundred_thousand_fibers.cpp
/// @brief 100 000 fibers alive at once against 1 000 threads: memory, creation time, switch cost.
///
/// Every fiber (and every thread) starts, then waits until all of its siblings are alive,
/// so the memory read from /proc/self/status is the cost of that many *live* ones: RSS
/// (pages really touched) and VmSize (address space reserved). A thread also holds a
/// kernel stack that no process's RSS shows; /proc/meminfo's KernelStack (system-wide)
/// shows it. Fibers run twice: with a small pooled stack (16 KiB, reused from a pool) and
/// with Boost 1.74's default (fixedsize_stack, 128 KiB from malloc per fiber; 10 000 of those,
/// to keep the demo fast: the costs are per fiber either way). Linux only (/proc).
#include <boost/fiber/all.hpp>
#include <malloc.h>  // malloc_trim (glibc)

#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "course/timing.hpp"

namespace {

// A field of /proc/self/status ("VmRSS", "VmSize") or of /proc/meminfo, in KiB.
long status_kib(const std::string& field, const char* file = "/proc/self/status") {
    std::ifstream status(file);
    std::string key;
    long value = 0;
    while (status >> key) {
        if (key == field + ":" && status >> value) return value;
        status.ignore(4096, '\n');
    }
    return 0;
}

struct Cost {
    int alive = 0;
    double create_us = 0, rss_kib = 0, virtual_kib = 0, kernel_kib = 0;  // per fiber or thread
};

// Memory now, to subtract: RSS, address space, kernel stacks (system-wide). The free
// memory of the previous phase goes back to the system first, or this phase would reuse it
// and seem to cost nothing.
struct Memory {
    Memory() { malloc_trim(0); }
    long rss = status_kib("VmRSS"), size = status_kib("VmSize"), kernel = status_kib("KernelStack", "/proc/meminfo");
    Cost per_unit(int alive, double ms) const {
        const Memory now;
        return {alive, ms * 1000 / alive, double(now.rss - rss) / alive, double(now.size - size) / alive,
                double(now.kernel - kernel) / alive};
    }
};

// Starts `count` fibers with stacks from `stacks`; each waits (suspended) until all are
// alive. They run on a thread of their own: when it ends, its scheduler is gone and every
// fiber's stack has been freed (a finished fiber's stack is released lazily, at the
// scheduler's next turn), so the next measurement starts clean.
template <class Stacks>
Cost fibers(int count, Stacks stacks) {
    Cost cost;
    std::thread([&] {
        const Memory before;
        boost::fibers::mutex mutex;
        boost::fibers::condition_variable changed;
        int started = 0;
        bool go = false;
        std::vector<boost::fibers::fiber> all;
        all.reserve(count);
        const double ms = course::time_ms([&] {
            for (int i = 0; i < count; ++i)
                all.emplace_back(std::allocator_arg, stacks, [&] {
                    std::unique_lock lock(mutex);
                    if (++started == count) changed.notify_all();
                    changed.wait(lock, [&] { return go; });
                });
            std::unique_lock lock(mutex);  // this (main) fiber suspends here: the others run
            changed.wait(lock, [&] { return started == count; });
        });
        cost = before.per_unit(count, ms);
        {
            std::unique_lock lock(mutex);
            go = true;
        }
        changed.notify_all();
        for (auto& fiber : all) fiber.join();
    }).join();
    return cost;
}

// The same with threads, up to `wanted` of them (fewer if the system refuses more).
Cost threads(int wanted) {
    const Memory before;
    std::mutex mutex;
    std::condition_variable changed;
    int started = 0;
    bool go = false;
    std::vector<std::thread> all;
    Cost cost;
    const double ms = course::time_ms([&] {
        for (int i = 0; i < wanted; ++i) {
            try {
                all.emplace_back([&] {
                    std::unique_lock lock(mutex);
                    ++started;
                    changed.notify_all();
                    changed.wait(lock, [&] { return go; });
                });
            } catch (const std::system_error&) {
                break;  // the system's thread limit: measure what we have
            }
        }
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return started == int(all.size()); });
    });
    const int alive = int(all.size());
    cost = before.per_unit(alive, ms);
    {
        std::lock_guard lock(mutex);
        go = true;
    }
    changed.notify_all();
    for (auto& thread : all) thread.join();
    return cost;
}

// Nanoseconds per switch: two fibers hand control to each other with yield().
double fiber_switch_ns(int switches) {
    auto ping = [&] { for (int i = 0; i < switches / 2; ++i) boost::this_fiber::yield(); };
    double ms = 0;
    ms = course::time_ms([&] {
        boost::fibers::fiber a(ping), b(ping);
        a.join();
        b.join();
    });
    return ms * 1e6 / switches;
}

// Nanoseconds per hand-off: two threads take turns through a mutex and condition variable.
double thread_switch_ns(int handoffs) {
    std::mutex mutex;
    std::condition_variable turn_changed;
    int turn = 0;  // whose turn: 0 or 1
    auto player = [&](int me) {
        for (int i = 0; i < handoffs / 2; ++i) {
            std::unique_lock lock(mutex);
            turn_changed.wait(lock, [&] { return turn == me; });
            turn = 1 - me;
            turn_changed.notify_one();
        }
    };
    const double ms = course::time_ms([&] {
        std::thread a(player, 0), b(player, 1);
        a.join();
        b.join();
    });
    return ms * 1e6 / handoffs;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: hundred_thousand_fibers   (no arguments)\n");
        return 2;
    }
    const double fiber_ns = fiber_switch_ns(400'000), thread_ns = thread_switch_ns(4'000);
    const Cost pooled = fibers(100'000, boost::fibers::pooled_fixedsize_stack(16 * 1024));
    const Cost plain = fibers(10'000, boost::fibers::fixedsize_stack());
    const Cost thread = threads(1'000);

    std::printf("%-32s %7s %11s %12s %15s %14s\n", "each one costs:", "alive", "to start", "RSS", "address space",
                "kernel stack");
    for (const auto& [name, c] : {std::pair{"fiber, pooled 16 KiB stack", pooled},
                                  std::pair{"fiber, default 128 KiB stack", plain},
                                  std::pair{"thread, default 8 MiB stack", thread}})
        std::printf("%-32s %7d %8.2f us %8.1f KiB %11.1f KiB %10.1f KiB\n", name, c.alive, c.create_us, c.rss_kib,
                    c.virtual_kib, c.kernel_kib);
    if (thread.alive < 1'000) std::printf("(the system refused thread %d: it allows no more here)\n", thread.alive + 1);
    std::printf("(kernel stack: /proc/meminfo's KernelStack, system-wide, so other programs add noise)\n");
    std::printf("\nswitching: fiber to fiber (yield) %.0f ns, thread to thread (condition variable) %.2f us\n",
                fiber_ns, thread_ns / 1000);

    const auto compared = [](double ratio) {  // "3.4x faster", or "1.2x slower" if it was not faster
        char text[32];
        std::snprintf(text, sizeof text, "%.1fx %s", ratio >= 1 ? ratio : 1 / ratio, ratio >= 1 ? "faster" : "slower");
        return std::string(text);
    };
    std::printf("\nmeasured here: a fiber with a pooled stack started %s than a thread and switched %s;\n"
                "it reserved %.0fx less address space", compared(thread.create_us / pooled.create_us).c_str(),
                compared(thread_ns / fiber_ns).c_str(), thread.virtual_kib / pooled.virtual_kib);
    if (pooled.rss_kib < thread.rss_kib + thread.kernel_kib)
        std::printf(" and used %.1fx less memory (RSS + kernel stack)", (thread.rss_kib + thread.kernel_kib) / pooled.rss_kib);
    else
        std::printf(", but did not use less memory (RSS + kernel stack) in this run");
    const double stack_ratio = plain.create_us / pooled.create_us;
    if (stack_ratio >= 1.2)
        std::printf(".\nthe pooled stack started %.1fx faster than the default one.\n", stack_ratio);
    else
        std::printf(".\nthe pooled and the default stack started about as fast (%.1fx) in this fresh process: "
                    "first-touch page faults dominate both.\n", stack_ratio);
    return 0;
}
