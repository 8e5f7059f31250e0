/// @file yield_interleaving.cpp
/// @brief yield() hands the thread to the next fiber: three fibers take turns, step by step.
///
/// Each fiber does three steps of about 4 ms of CPU work. Without yield, a fiber keeps the
/// thread until it ends: the fibers run one after another. With yield after each step,
/// the scheduler (round robin) runs the next ready fiber: the steps interleave. Either
/// way one thread does all the work, so the total time is the same: concurrency, not
/// parallelism.
#include <boost/fiber/all.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "course/timeline.hpp"
#include "course/timing.hpp"

namespace {

void busy_for(double ms) {  // CPU work, not sleep: the thread really is busy
    const auto start = course::Clock::now();
    while (course::Millis(course::Clock::now() - start).count() < ms) {
    }
}

// Runs three fibers of three steps each, recording every step in `timeline`.
void run(bool yield, course::Timeline& timeline) {
    std::vector<boost::fibers::fiber> fibers;
    for (char name : {'A', 'B', 'C'})
        fibers.emplace_back([name, yield, &timeline] {
            for (int step = 1; step <= 3; ++step) {
                {
                    auto span = timeline.span(std::string(1, name) + std::to_string(step));
                    busy_for(4);
                }
                if (yield) boost::this_fiber::yield();  // let the next fiber have the thread
            }
        });
    for (auto& fiber : fibers) fiber.join();
}

// The labels in the order the steps ran.
std::string order(const course::Timeline& timeline) {
    std::string labels;
    for (const auto& entry : timeline.entries()) labels += entry.label + " ";
    return labels;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string svg = course::svg_option(argc, argv);  // --svg FILE: also save the picture
    course::Timeline without;  // each chart's clock starts when its Timeline is made
    run(false, without);
    course::Timeline with;
    run(true, with);
    std::printf("without yield (each fiber keeps the thread until it ends):\n");
    without.print(std::cout, 45);
    std::printf("\nwith yield after every step:\n");
    with.print(std::cout, 45);
    const std::string first = order(without), second = order(with);
    std::printf("\norder without yield: %s\norder with yield:    %s\n", first.c_str(), second.c_str());
    const bool ok = first == "A1 A2 A3 B1 B2 B3 C1 C2 C3 " && second == "A1 B1 C1 A2 B2 C2 A3 B3 C3 ";
    std::printf("check: without yield the fibers ran one after another, with yield they took turns: %s\n",
                ok ? "yes" : "NO");
    course::save_svg(svg, {{"Without yield: each fiber keeps the thread", &without},
                           {"With yield after every step: the fibers take turns", &with}});
    return ok ? 0 : 1;
}
