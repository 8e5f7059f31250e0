/// @file fibers.cpp
/// @brief 200 fibers on one thread (Boost.Fiber): the waits overlap, the parses take turns.
///
/// Each page gets a fiber, not a thread. A fiber that waits with
/// boost::this_fiber::sleep_for hands the thread to the next one, so all 200 waits
/// overlap on one thread. Parsing never suspends: the fibers parse one after another,
/// on one core. Fibers remove the waiting, not the computing.
#include <boost/fiber/all.hpp>

#include <cstdint>
#include <vector>

#include "course/timing.hpp"
#include "job.hpp"

int main(int argc, char** argv) {
    job::no_arguments(argc, argv);
    std::vector<std::uint64_t> digests(job::kPages);
    const double total = course::time_ms([&] {
        std::vector<boost::fibers::fiber> fibers;
        fibers.reserve(job::kPages);
        for (int id = 0; id < job::kPages; ++id)
            fibers.emplace_back([id, &digests] {
                boost::this_fiber::sleep_for(job::latency(id));  // suspends this fiber only
                digests[id] = job::parse(job::body(id));         // holds the thread until done
            });
        for (auto& fiber : fibers) fiber.join();
    });
    return job::report("200 fibers on one thread", total, digests);
}
