#include "course/cores.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

namespace course {
namespace {

// cgroup v2 writes "max 100000" (no limit) or "<quota> <period>" into cpu.max;
// cgroup v1 splits the same two numbers into two files.
unsigned cgroup_quota_cores() {
    long long quota = -1;
    long long period = 0;
    if (std::ifstream v2{"/sys/fs/cgroup/cpu.max"}) {
        std::string quota_text;
        v2 >> quota_text >> period;
        if (quota_text != "max") quota = std::stoll(quota_text);
    } else {
        std::ifstream{"/sys/fs/cgroup/cpu/cpu.cfs_quota_us"} >> quota;
        std::ifstream{"/sys/fs/cgroup/cpu/cpu.cfs_period_us"} >> period;
    }
    if (quota <= 0 || period <= 0) return 0;  // 0 means "no quota"
    return static_cast<unsigned>(std::max(1.0, std::floor(double(quota) / double(period))));
}

unsigned affinity_cores() {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return static_cast<unsigned>(CPU_COUNT(&set));
#endif
    return 0;  // not knowable here (macOS has no affinity masks)
}

}  // namespace

unsigned usable_cores() {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    if (unsigned mask = affinity_cores(); mask > 0) cores = std::min(cores, mask);
    if (unsigned quota = cgroup_quota_cores(); quota > 0) cores = std::min(cores, quota);
    return cores;
}

}  // namespace course
