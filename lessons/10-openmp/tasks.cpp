/// @file tasks.cpp
/// @brief `#pragma omp task` on a recursive problem (Fibonacci), with a cutoff below which it stays serial.
///
/// A loop has its iterations up front; a recursion discovers its work as it goes. An
/// OpenMP task is a piece of work put in the team's queue for any idle thread; taskwait
/// waits for the tasks this one created. A task costs far more than an addition, so small
/// subproblems are solved serially: below the cutoff, no tasks are made.
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace {

constexpr int kN = 39;
constexpr int kCutoff = 25;  // below this, plain recursion
std::atomic<long> tasks_made{0};

long fib_serial(int n) { return n < 2 ? n : fib_serial(n - 1) + fib_serial(n - 2); }

long fib_tasks(int n) {
    if (n < kCutoff) return fib_serial(n);
    long a = 0, b = 0;
    tasks_made.fetch_add(1, std::memory_order_relaxed);
#pragma omp task shared(a)  // a child task; any idle thread of the team may run it
    a = fib_tasks(n - 1);
    b = fib_tasks(n - 2);  // this thread works on the other half meanwhile
#pragma omp taskwait  // a is ready only after the child task has finished
    return a + b;
}

}  // namespace

int main() {
    const int threads = static_cast<int>(course::usable_cores());
    long serial = 0, parallel = 0;
    double serial_ms = 1e300, parallel_ms = 1e300;
    for (int run = 0; run < 3; ++run) {  // the fastest of 3 each, interleaved
        serial_ms = std::min(serial_ms, course::time_ms([&] { serial = fib_serial(kN); }));
        tasks_made = 0;
        parallel_ms = std::min(parallel_ms, course::time_ms([&] {
#pragma omp parallel num_threads(threads)
#pragma omp single  // one thread starts the recursion; the whole team runs the tasks it makes
            parallel = fib_tasks(kN);
        }));
    }

    std::printf("fib(%d), recursively:\n", kN);
    std::printf("  serial:                         %8.1f ms  = %ld\n", serial_ms, serial);
    std::printf("  tasks on %d thread(s), cutoff %d: %8.1f ms  = %ld  (%ld tasks)\n", threads, kCutoff, parallel_ms,
                parallel, tasks_made.load());
    const bool ok = serial == parallel;
    std::printf("\nCheck: both give the same number: %s\n", ok ? "yes" : "NO");
    std::printf("Speedup %.2fx on %d core(s). ", serial_ms / parallel_ms, threads);
    if (threads >= 2 && serial_ms / parallel_ms > 1.3)
        std::printf("The %ld tasks above the cutoff ran on several\n"
                    "threads at once; the millions of calls below it ran as plain recursion.\n",
                    tasks_made.load());
    else
        std::printf("Little or no gain this run: with 1 core, or a busy machine, the\n"
                    "threads cannot run at once.\n");
    return ok ? 0 : 1;
}
