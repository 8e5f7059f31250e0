#include "course/cores.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#if defined(__linux__)
#include <sched.h>
#endif

namespace course {
namespace {

// Parses a whole string as a non-negative integer; anything else (empty, "max",
// garbage from a malformed file) is "no value", never an exception.
bool parse_count(const std::string& text, long long& value) {
    if (text.empty() || text.size() > 18) return false;
    long long result = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        result = result * 10 + (c - '0');
    }
    value = result;
    return true;
}

// Cores' worth of one quota: floor(quota / period), at least 1; 0 for "no quota".
unsigned quota_cores(long long quota, long long period) {
    if (quota <= 0 || period <= 0) return 0;
    return static_cast<unsigned>(std::max(1.0, std::floor(double(quota) / double(period))));
}

// The tightest quota on the way from `leaf` up to `root`: a parent's quota limits every
// cgroup below it, so a quota set by systemd (CPUQuota=) or a container runtime a few
// levels up counts as much as one on our own cgroup.
template <class ReadQuota>
unsigned tightest_quota(std::string root, std::string leaf, ReadQuota read_quota) {
    unsigned tightest = 0;
    while (true) {
        if (unsigned cores = read_quota(root + leaf); cores > 0) tightest = tightest ? std::min(tightest, cores) : cores;
        if (leaf.empty() || leaf == "/") break;
        const auto slash = leaf.find_last_of('/');
        leaf = slash == std::string::npos || slash == 0 ? std::string() : leaf.substr(0, slash);
    }
    return tightest;
}

// cgroup v2 writes "max 100000" (no limit) or "<quota> <period>" into cpu.max.
unsigned v2_quota(const std::string& dir) {
    std::ifstream file{dir + "/cpu.max"};
    std::string quota_text, period_text;
    long long quota = 0, period = 0;
    if (!(file >> quota_text >> period_text)) return 0;
    if (!parse_count(quota_text, quota) || !parse_count(period_text, period)) return 0;
    return quota_cores(quota, period);
}

// cgroup v1 splits the same two numbers into two files; -1 means no quota.
unsigned v1_quota(const std::string& dir) {
    std::string quota_text, period_text;
    std::ifstream{dir + "/cpu.cfs_quota_us"} >> quota_text;
    std::ifstream{dir + "/cpu.cfs_period_us"} >> period_text;
    long long quota = 0, period = 0;
    if (!parse_count(quota_text, quota) || !parse_count(period_text, period)) return 0;
    return quota_cores(quota, period);
}

// /proc/self/cgroup names this process's cgroup: "0::/path" on v2, "N:cpu,cpuacct:/path"
// on v1. The cgroup file system may be mounted at the root of our own cgroup (a
// container with its own cgroup namespace) or of the host's (cgroupns=host), so the
// path is tried below the mount point and the mount point itself is tried too.
unsigned cgroup_quota_cores() {
    std::ifstream self{"/proc/self/cgroup"};
    std::string line, v2_path, v1_path;
    while (std::getline(self, line)) {
        const auto first = line.find(':');
        const auto second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const std::string path = line.substr(second + 1);
        if (controllers.empty()) v2_path = path;
        std::stringstream list(controllers);
        for (std::string c; std::getline(list, c, ',');)
            if (c == "cpu") v1_path = path;
    }
    unsigned tightest = 0;
    auto consider = [&](unsigned cores) {
        if (cores > 0) tightest = tightest ? std::min(tightest, cores) : cores;
    };
    if (!v2_path.empty()) consider(tightest_quota("/sys/fs/cgroup", v2_path == "/" ? "" : v2_path, v2_quota));
    consider(v2_quota("/sys/fs/cgroup"));
    for (const char* mount : {"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"}) {
        if (!v1_path.empty()) consider(tightest_quota(mount, v1_path == "/" ? "" : v1_path, v1_quota));
        consider(v1_quota(mount));
    }
    return tightest;
}

// The CPUs this process may run on, and how many distinct physical cores they belong to
// (two hardware threads of one core share its execution units, so they add far less
// than a second core to CPU-bound work).
std::pair<unsigned, unsigned> affinity_and_physical() {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return {0, 0};
    std::set<std::string> cores;
    bool topology_known = true;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &set)) continue;
        const std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
        std::string package, core;
        std::ifstream{base + "physical_package_id"} >> package;
        std::ifstream{base + "core_id"} >> core;
        if (core.empty()) topology_known = false;
        cores.insert(package + ":" + core);
    }
    const auto affinity = static_cast<unsigned>(CPU_COUNT(&set));
    return {affinity, topology_known ? static_cast<unsigned>(cores.size()) : 0};
#else
    return {0, 0};  // not knowable here (macOS has no affinity masks)
#endif
}

}  // namespace

CoreCount count_cores() {
    CoreCount count;
    count.hardware_threads = std::thread::hardware_concurrency();
    std::tie(count.affinity, count.physical) = affinity_and_physical();
    count.quota = cgroup_quota_cores();

    unsigned usable = std::max(1u, count.hardware_threads);
    if (count.affinity > 0) usable = std::min(usable, count.affinity);
    if (count.quota > 0) usable = std::min(usable, count.quota);
    count.usable = std::max(1u, usable);
    unsigned physical = count.physical > 0 ? std::min(count.physical, count.usable) : count.usable;
    count.usable_physical = std::max(1u, physical);

    std::ostringstream how;
    how << "hardware threads " << count.hardware_threads << ", affinity mask "
        << (count.affinity ? std::to_string(count.affinity) : "unknown") << " CPUs on "
        << (count.physical ? std::to_string(count.physical) : "unknown") << " physical cores, cgroup quota "
        << (count.quota ? std::to_string(count.quota) + " cores" : "none");
    count.how = how.str();
    return count;
}

unsigned usable_cores() { return count_cores().usable; }

}  // namespace course
