/// @file global_lock.cpp
/// @brief A GIL in C++: when every thread must hold one global lock to compute, two threads are no faster than one.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>

#include "course/cores.hpp"
#include "course/timeline.hpp"
#include "course/timing.hpp"
#include "gil.hpp"

using lesson00::GlobalLock;
using lesson00::job;

namespace {

// Runs job 1 and job 2 on two threads at once and returns how long that took.
double two_threads(GlobalLock* gil, std::uint64_t slice, std::uint64_t results[2], course::Timeline* timeline) {
    return course::time_ms([&] {
        std::jthread first([&] {
            if (timeline) timeline->name_thread("job 1's thread");
            results[0] = job(gil, slice, 1, timeline);
        });
        std::jthread second([&] {
            if (timeline) timeline->name_thread("job 2's thread");
            results[1] = job(gil, slice, 2, timeline);
        });
    });
}

}  // namespace

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);  // --svg FILE: also save the picture
    const std::uint64_t slice = lesson00::iterations_for_ms(lesson00::kSliceMs);
    std::cout << std::fixed << std::setprecision(0) << "Two CPU-bound jobs of "
              << lesson00::kSlices * lesson00::kSliceMs << " ms each; this process may use "
              << course::usable_cores() << " core(s).\n\n";

    std::uint64_t alone[2], locked[2], unlocked[2];
    const double one_ms = course::time_ms([&] {
        for (int seed : {1, 2}) alone[seed - 1] = job(nullptr, slice, seed);
    });
    GlobalLock gil;
    course::Timeline picture;
    const double locked_ms = two_threads(&gil, slice, locked, &picture);
    const double unlocked_ms = two_threads(nullptr, slice, unlocked, nullptr);

    std::cout << "1 thread, both jobs one after another:  " << std::setw(5) << one_ms << " ms\n"
              << "2 threads sharing one global lock:      " << std::setw(5) << locked_ms << " ms\n"
              << "2 threads, no global lock:              " << std::setw(5) << unlocked_ms << " ms\n\n"
              << "The first slices under the global lock (each bar is one 5 ms slice):\n";
    picture.print(std::cout);
    const auto slices = picture.entries();
    int overlaps = 0, repeats = 0;
    for (std::size_t i = 0; i < slices.size(); ++i)
        for (std::size_t j = i + 1; j < slices.size(); ++j)
            overlaps += slices[i].start < slices[j].end && slices[j].start < slices[i].end;
    for (std::size_t i = 1; i < slices.size(); ++i)  // "job N" of two slices in a row
        repeats += slices[i].label.substr(0, 5) == slices[i - 1].label.substr(0, 5);
    std::cout << (overlaps == 0 ? "No two bars overlap: one job computed at a time; a second core, if any, sat idle.\n"
                                : "Some bars overlap: the lock did not keep the jobs apart. That is a bug.\n");
    if (repeats > 0)
        std::cout << "One job took two slices in a row " << repeats << " time(s): the other had not asked for\n"
                     "the lock yet when it was handed on. A lock only promises one holder at a time.\n";
    std::cout << std::setprecision(1) << "\nSpeed compared with one thread: " << one_ms / locked_ms
              << "x under the lock, " << one_ms / unlocked_ms << "x without it.\n"
              << "This is the situation of CPython with a GIL (every build up to 3.12, and the\n"
                 "default build of 3.13 and 3.14): threads help IO-bound work (a thread waiting for\n"
                 "IO lets go of the GIL) but not CPU-bound work. Python's way out is processes, each\n"
                 "with its own interpreter and its own GIL: see gil_processes.\n";
    if (course::usable_cores() >= 2 && one_ms / unlocked_ms < 1.3)
        std::cout << "Note: less than the cores allow. Other programs were probably busy on this\n"
                     "machine's cores; the figures are noisy, so run it again when it is quiet.\n";

    course::save_svg(svg, {{"Two threads sharing one global lock: the first slices", &picture}});

    const bool same = overlaps == 0 && alone[0] == locked[0] && alone[1] == locked[1] && alone[0] == unlocked[0] &&
                      alone[1] == unlocked[1];
    std::cout << "\nCheck: all three runs computed the same results: " << (same ? "yes" : "NO") << "\n";
    return same ? 0 : 1;
}
