#include "grading/speedup.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace grading {
namespace {

double target_for(const SpeedupGoal& goal, unsigned cores) {
    const unsigned counted = goal.max_cores ? std::min(cores, goal.max_cores) : cores;
    return std::max(1.2, goal.efficiency * counted);
}

// Partial credit grows linearly from no speedup (1×) to the target.
double fraction_for(double speedup, double target) {
    return std::clamp((speedup - 1.0) / (target - 1.0), 0.0, 1.0);
}

bool strict() {
    const char* value = std::getenv("COURSE_SPEEDUP_STRICT");
    return value && std::strcmp(value, "1") == 0;
}

}  // namespace

unsigned speedup_threads(const SpeedupGoal& goal) {
    const unsigned cores = course::usable_cores();
    return goal.max_cores ? std::min(cores, goal.max_cores) : cores;
}

SpeedupResult check_speedup(const SpeedupGoal& goal, const std::function<void()>& serial,
                            const std::function<void()>& parallel) {
    SpeedupResult best;
    best.cores = course::usable_cores();
    if (best.cores < 2) {
        // GTEST_SKIP returns from the function it is in, so it needs one that returns void.
        [&] {
            GTEST_SKIP() << "speedup needs at least 2 usable cores and this process has " << best.cores
                         << " (see the docs' troubleshooting page on low core counts)";
        }();
        return best;
    }
    best.target = target_for(goal, best.cores);

    for (int attempt = 1; attempt <= goal.attempts; ++attempt) {
        course::time_ms(serial);  // warm-up: caches, page faults, thread start-up
        course::time_ms(parallel);
        double serial_ms = std::numeric_limits<double>::infinity();
        double parallel_ms = serial_ms;
        for (int run = 0; run < goal.runs; ++run) {  // interleaved, so noise hits both alike
            serial_ms = std::min(serial_ms, course::time_ms(serial));
            parallel_ms = std::min(parallel_ms, course::time_ms(parallel));
        }
        const double speedup = serial_ms / parallel_ms;
        std::printf("[speedup] %s, attempt %d of %d: serial %.1f ms, parallel %.1f ms, %.2fx\n",
                    goal.what.c_str(), attempt, goal.attempts, serial_ms, parallel_ms, speedup);
        if (speedup > best.speedup) {
            best.serial_ms = serial_ms;
            best.parallel_ms = parallel_ms;
            best.speedup = speedup;
        }
        if (best.speedup >= best.target) break;
    }

    best.fraction = fraction_for(best.speedup, best.target);
    std::printf("[speedup] measured %.2fx, target %.2fx on %u cores (serial %.1f ms, parallel %.1f ms, "
                "best of %d) -> %.0f%% of the points\n",
                best.speedup, best.target, best.cores, best.serial_ms, best.parallel_ms, goal.runs,
                best.fraction * 100);
    std::printf("[grading] fraction=%.3f speedup=%.2f target=%.2f cores=%u\n", best.fraction, best.speedup,
                best.target, best.cores);
    std::fflush(stdout);

    EXPECT_GE(best.fraction, 0.1) << goal.what << " ran " << best.speedup << "x as fast as the serial code on "
                                  << best.cores << " cores: no real speedup (target " << best.target << "x)";
    if (strict()) {
        EXPECT_GE(best.speedup, best.target) << "COURSE_SPEEDUP_STRICT=1: the reference solution must earn "
                                                "full marks";
    }
    return best;
}

}  // namespace grading
