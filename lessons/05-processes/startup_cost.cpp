/// @file startup_cost.cpp
/// @brief What it costs to start and finish a thread, a forked process, and a new program.
///
/// Each is started and waited for 50 times in a row; the figure is the median of 5 such
/// runs, per start. A thread shares its process's memory, so creating one is cheap;
/// fork() must copy the page tables and much kernel bookkeeping; posix_spawn of a
/// program must also load that program (here /bin/true) from scratch.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <thread>
#include <vector>

#include "course/timing.hpp"

extern char** environ;

namespace {

constexpr int kStarts = 50;
constexpr int kRuns = 5;

// Median over kRuns of the time per start, in microseconds.
template <class Start>
double median_us(Start start) {
    std::vector<double> runs;
    for (int run = 0; run < kRuns; ++run)
        runs.push_back(course::time_ms([&] {
                           for (int i = 0; i < kStarts; ++i) start();
                       }) * 1000.0 / kStarts);
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

}  // namespace

int main() {
    const double thread_us = median_us([] { std::thread([] {}).join(); });
    const double fork_us = median_us([] {
        const pid_t pid = ::fork();
        if (pid == 0) ::_exit(0);
        ::waitpid(pid, nullptr, 0);
    });
    const double spawn_us = median_us([] {
        char name[] = "/bin/true";
        char* const argv[] = {name, nullptr};
        pid_t pid = 0;
        if (::posix_spawn(&pid, name, nullptr, nullptr, argv, environ) == 0) ::waitpid(pid, nullptr, 0);
    });

    std::printf("start + end + wait, median of %d runs of %d each:\n", kRuns, kStarts);
    std::printf("  std::thread, join              %8.1f us\n", thread_us);
    std::printf("  fork, _exit, waitpid           %8.1f us  (%4.1fx a thread)\n", fork_us, fork_us / thread_us);
    std::printf("  posix_spawn /bin/true, waitpid %8.1f us  (%4.1fx a thread)\n\n", spawn_us, spawn_us / thread_us);
    if (thread_us < fork_us && fork_us < spawn_us)
        std::printf("a thread was the cheapest to start, a new program the dearest: start a process per task only\n"
                    "when the task takes far longer than this (or reuse processes: a pool, lesson 07).\n");
    else
        std::printf("the usual order (thread < fork < spawn) did not hold in this run: a busy machine?\n");
    return 0;
}
