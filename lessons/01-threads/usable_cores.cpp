/// @file usable_cores.cpp
/// @brief hardware_concurrency() counts the machine's cores; course::usable_cores() counts the ones you may use.
///
/// Three numbers limit how many threads can really run at once:
///   - std::thread::hardware_concurrency(): the hardware threads the machine has;
///   - the affinity mask: the CPUs this process may be scheduled on (`taskset -c 0`);
///   - the cgroup CPU quota: CPU time per period a container may use (`docker --cpus=1.5`).
/// Sizing a pool by the first number alone oversubscribes a container or a pinned job.
/// Try: `taskset -c 0 ./course run 01 usable_cores`.
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

#include "course/cores.hpp"

int main() {
    const unsigned hardware = std::thread::hardware_concurrency();  // 0 means "unknown"
    std::cout << "std::thread::hardware_concurrency() = " << hardware << "\n";

#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        std::cout << "affinity mask allows " << CPU_COUNT(&set) << " CPU(s):";
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
            if (CPU_ISSET(cpu, &set)) std::cout << " " << cpu;
        std::cout << "\n";
    }
    // cgroup v2 (v1 keeps the same two numbers in cpu/cpu.cfs_quota_us and cfs_period_us).
    std::string quota = "no cgroup v2 cpu.max file (no quota, or cgroup v1)";
    if (std::ifstream cpu_max{"/sys/fs/cgroup/cpu.max"}) std::getline(cpu_max, quota);
    std::cout << "cgroup CPU quota (quota period, in microseconds): " << quota << "\n";
#else
    std::cout << "(no affinity masks or cgroups on this system: only the first number applies)\n";
#endif

    const unsigned usable = course::usable_cores();
    std::cout << "course::usable_cores() = " << usable << "   <- the smallest of the three\n\n"
              << "Start about usable_cores() threads for CPU-bound work; more only take turns.\n";

    // What can be checked: the usable count is at least 1 and never above the hardware count.
    const bool ok = usable >= 1 && (hardware == 0 || usable <= hardware);
    std::cout << (ok ? "check passed: " : "CHECK FAILED: ") << "1 <= usable cores <= hardware threads\n";
    return ok ? 0 : 1;
}
