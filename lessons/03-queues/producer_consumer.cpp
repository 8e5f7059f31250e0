/// @file producer_consumer.cpp
/// @brief One producer hands jobs to two consumers through a queue guarded by a mutex and a condition variable.
///
/// The queue is the only thing the threads share. The producer never waits for a
/// consumer and a consumer never asks the producer anything: they meet at the queue.
/// A "no more jobs" flag, set under the same mutex, tells the consumers when to stop.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "course/timeline.hpp"

using namespace std::chrono_literals;

namespace {

std::mutex mutex;
std::condition_variable job_ready;
std::deque<int> jobs;    // guarded by mutex
bool no_more = false;    // guarded by mutex: the producer has finished
long long done_sum = 0;  // guarded by mutex: checks that every job ran exactly once

void consumer(course::Timeline& timeline, const std::string& role) {
    timeline.name_thread(role);  // its row on the chart
    for (;;) {
        int job = 0;
        {
            std::unique_lock lock(mutex);
            job_ready.wait(lock, [] { return !jobs.empty() || no_more; });
            if (jobs.empty()) return;  // no_more, and nothing left: this consumer is done
            job = jobs.front();
            jobs.pop_front();
        }  // never hold the lock while working: the other consumer needs it
        auto span = timeline.span("job " + std::to_string(job));
        std::this_thread::sleep_for(10ms);  // stands for I/O: a download, a disk write
        std::lock_guard lock(mutex);
        done_sum += job;
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);  // --svg FILE: also save the picture
    constexpr int job_count = 10;
    course::Timeline timeline;
    const auto started = course::Clock::now();
    std::jthread first(consumer, std::ref(timeline), "consumer 1");
    std::jthread second(consumer, std::ref(timeline), "consumer 2");

    for (int job = 1; job <= job_count; ++job) {  // the producer: main itself
        {
            std::lock_guard lock(mutex);
            jobs.push_back(job);
        }
        job_ready.notify_one();  // one job: one consumer needs waking
    }
    {
        std::lock_guard lock(mutex);
        no_more = true;
    }
    job_ready.notify_all();  // every consumer must hear this one
    first.join();
    second.join();
    const double total_ms = std::chrono::duration<double, std::milli>(course::Clock::now() - started).count();

    timeline.print(std::cout);
    const long long expected = job_count * (job_count + 1) / 2;
    std::printf("\n%d jobs of 10 ms on 2 consumers: the two consumers take turns at the queue and\n"
                "work side by side. ", job_count);
    if (total_ms < 0.75 * job_count * 10)
        std::printf("The whole run took %.0f ms, about half of %d ms.\n", total_ms, job_count * 10);
    else
        std::printf("The whole run took %.0f ms, well over half of %d ms: the machine was busy.\n", total_ms,
                    job_count * 10);
    std::printf("check: every job ran exactly once (sum %lld, expected %lld): %s\n", done_sum, expected,
                done_sum == expected ? "yes" : "NO");
    course::save_svg(svg, {{"Two consumers take 10 jobs from one queue", &timeline}});
    return done_sum == expected ? 0 : 1;
}
