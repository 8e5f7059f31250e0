/// @file five_greenlets.cpp
/// @brief The C++ twin of gevent's classic: spawn five workers, join them all.
///
/// In Python: `greenlets = [gevent.spawn(worker, n) for n in range(5)]` then
/// `gevent.joinall(greenlets)`. Here each worker "downloads" for 100 ms with
/// boost::this_fiber::sleep_for, the fiber-aware wait: the five waits overlap, so the
/// whole run takes about 100 ms on one thread, not 500.
#include <boost/fiber/all.hpp>

#include <chrono>
#include <cstdio>
#include <vector>

#include "course/timing.hpp"

using namespace std::chrono_literals;

namespace {

void worker(int n, course::Clock::time_point start) {
    const auto since = [&] { return course::Millis(course::Clock::now() - start).count(); };
    std::printf("%6.1f ms  fiber %d is working\n", since(), n);
    boost::this_fiber::sleep_for(100ms);  // stands for network I/O
    std::printf("%6.1f ms  fiber %d is done\n", since(), n);
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: five_greenlets   (no arguments)\n");
        return 2;
    }
    const auto start = course::Clock::now();
    std::vector<boost::fibers::fiber> fibers;  // gevent.spawn, five times
    for (int n = 1; n <= 5; ++n) fibers.emplace_back(worker, n, start);
    for (auto& fiber : fibers) fiber.join();  // gevent.joinall
    const double total = course::Millis(course::Clock::now() - start).count();

    std::printf("\n5 fibers of 100 ms each, on one thread, took %.1f ms in all.\n", total);
    if (total < 250)
        std::printf("check: their waits overlapped (well under 5 x 100 ms): yes\n");
    else
        std::printf("check: their waits overlapped: NOT in this run (%.1f ms; is the machine very busy?)\n", total);
    return 0;
}
