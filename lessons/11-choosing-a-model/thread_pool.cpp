/// @file thread_pool.cpp
/// @brief A pool of 8 threads (Boost.Asio's thread_pool): blocking waits overlap only 8 at a time.
///
/// A pool bounds the threads: 200 pages become 200 small jobs for 8 threads. Each job
/// blocks its thread during the wait (as a blocking network library would), so only 8
/// waits overlap at once: 200 pages take about 25 rounds of waiting. The parses run on
/// as many cores as there are. The right model when the library you must call blocks.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"
#include "job.hpp"

int main(int argc, char** argv) {
    job::no_arguments(argc, argv);
    constexpr int kThreads = 8;
    std::vector<std::uint64_t> digests(job::kPages);
    const double total = course::time_ms([&] {
        boost::asio::thread_pool pool(kThreads);
        for (int id = 0; id < job::kPages; ++id)
            boost::asio::post(pool, [id, &digests] {
                std::this_thread::sleep_for(job::latency(id));  // a blocking call holds a pool thread
                digests[id] = job::parse(job::body(id));
            });
        pool.join();  // waits until every posted job has run
    });
    std::printf("a pool of %d threads on %u usable cores: about %d rounds of waits\n", kThreads,
                course::usable_cores(), (job::kPages + kThreads - 1) / kThreads);
    return job::report("a pool of 8 threads", total, digests);
}
