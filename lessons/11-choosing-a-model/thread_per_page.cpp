/// @file thread_per_page.cpp
/// @brief A thread per page: 200 std::jthreads wait at once, then fight over the cores to parse.
///
/// Every page gets an operating-system thread of its own. The 200 waits overlap (each
/// thread sleeps on its own), so the waiting costs about one wait. The parsing does not
/// shrink below 200 ms of CPU divided by the cores: 200 threads on 2 cores take turns.
/// Each thread writes only its own slot of `digests`, so nothing needs a lock.
#include <cstdint>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"
#include "job.hpp"

int main(int argc, char** argv) {
    job::no_arguments(argc, argv);
    std::vector<std::uint64_t> digests(job::kPages);
    const double total = course::time_ms([&] {
        std::vector<std::jthread> threads;
        threads.reserve(job::kPages);
        for (int id = 0; id < job::kPages; ++id)
            threads.emplace_back([id, &digests] {
                std::this_thread::sleep_for(job::latency(id));  // blocks this thread only
                digests[id] = job::parse(job::body(id));
            });
    });  // the jthreads join here, as the vector is destroyed
    std::printf("%d threads on %u usable cores\n", job::kPages, course::usable_cores());
    return job::report("a thread per page", total, digests);
}
