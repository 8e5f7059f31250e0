/// @file sequential.cpp
/// @brief The job done one page at a time: the baseline every other model is measured against.
///
/// Fetch page 0, wait for it, parse it; then page 1; and so on. The CPU sits idle during
/// every wait, and only one core ever works. Every other demo of this lesson does the same
/// job with one concurrency model; this one is the yardstick.
#include <cstdint>
#include <thread>
#include <vector>

#include "course/timing.hpp"
#include "job.hpp"

int main(int argc, char** argv) {
    job::no_arguments(argc, argv);
    std::vector<std::uint64_t> digests(job::kPages);
    const double total = course::time_ms([&] {
        for (int id = 0; id < job::kPages; ++id) {
            std::this_thread::sleep_for(job::latency(id));  // the simulated network wait
            digests[id] = job::parse(job::body(id));        // about 1 ms of CPU
        }
    });
    return job::report("sequential, one thread", total, digests);
}
