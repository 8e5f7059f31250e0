/// @file cores.hpp
/// @brief How many CPU cores this process may really use.
#pragma once

#include <string>

namespace course {

/// The number of cores this process can run on at the same time.
///
/// `std::thread::hardware_concurrency()` counts the machine's hardware threads (and
/// may return 0 when it cannot tell), but a process may be allowed fewer: `taskset` or
/// a container can shrink its affinity mask, and a cgroup CPU quota (Docker's `--cpus`,
/// systemd's `CPUQuota=`, CI runners) can cap its CPU time, at any level of the cgroup
/// tree. This returns the smallest of the three, and never less than 1.
unsigned usable_cores();

/// Every count that goes into usable_cores(), and the physical cores among them.
struct CoreCount {
    unsigned hardware_threads = 0;  ///< std::thread::hardware_concurrency() (0: unknown)
    unsigned affinity = 0;          ///< CPUs in the affinity mask (0: unknown, e.g. macOS)
    unsigned physical = 0;          ///< distinct physical cores among those CPUs (0: unknown)
    unsigned quota = 0;             ///< cores' worth of the tightest cgroup quota (0: no quota)
    unsigned usable = 1;            ///< usable_cores()
    unsigned usable_physical = 1;   ///< like usable, but counting physical cores, not hardware threads
    std::string how;                ///< one line saying where each number came from
};

/// Counts the cores, as usable_cores() does, and says how.
CoreCount count_cores();

}  // namespace course
