/// @file cores.hpp
/// @brief How many CPU cores this process may really use.
#pragma once

namespace course {

/// The number of cores this process can run on at the same time.
///
/// `std::thread::hardware_concurrency()` counts the machine's hardware threads, but a
/// process may be allowed fewer: `taskset` or a container can shrink its affinity mask,
/// and a cgroup CPU quota (Docker's `--cpus`, CI runners) can cap its CPU time. This
/// returns the smallest of the three, and never less than 1.
unsigned usable_cores();

}  // namespace course
