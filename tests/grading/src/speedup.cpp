#include "grading/speedup.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "course/cores.hpp"
#include "course/timing.hpp"

namespace grading {
namespace {

// COURSE_PRETEND_CORES=N makes the harness believe it has N usable cores: the course's
// check uses it to show what targets a bigger machine would get (see docs/grading.md).
unsigned cores_seen() {
    if (const char* pretend = std::getenv("COURSE_PRETEND_CORES")) {
        const long value = std::strtol(pretend, nullptr, 10);
        if (value >= 1 && value <= 4096) return static_cast<unsigned>(value);
    }
    return course::count_cores().usable_physical;
}

unsigned counted_cores(const SpeedupGoal& goal, unsigned cores) {
    return goal.max_cores ? std::min(cores, goal.max_cores) : cores;
}

double target_for(const SpeedupGoal& goal, unsigned counted) { return std::max(1.2, goal.efficiency * counted); }

// Partial credit grows linearly from 1.1× to the target: a serial implementation
// measured on a noisy machine can read a few percent above 1×, and must earn nothing.
constexpr double no_speedup = 1.1;
double fraction_for(double speedup, double target) {
    if (!std::isfinite(speedup)) return 0.0;
    return std::clamp((speedup - no_speedup) / (target - no_speedup), 0.0, 1.0);
}

bool strict() {
    const char* value = std::getenv("COURSE_SPEEDUP_STRICT");
    return value && std::strcmp(value, "1") == 0;
}

bool same_answer(double serial, double parallel, double tolerance) {
    if (serial == parallel) return true;
    return std::abs(serial - parallel) <= tolerance * std::max(std::abs(serial), std::abs(parallel));
}

std::string format(const char* pattern, auto... values) {
    char text[512];
    std::snprintf(text, sizeof text, pattern, values...);
    return text;
}

}  // namespace

unsigned speedup_threads(const SpeedupGoal& goal) { return counted_cores(goal, cores_seen()); }

double speedup_target(const SpeedupGoal& goal, unsigned cores) { return target_for(goal, counted_cores(goal, cores)); }

SpeedupResult check_speedup(const SpeedupGoal& goal, const SerialWork& serial, const ParallelWork& parallel) {
    SpeedupResult best;
    best.cores = cores_seen();
    if (best.cores < 2) {
        testing::Test::RecordProperty("grading_skip", "1");
        // GTEST_SKIP returns from the function it is in, so it needs one that returns void.
        [&] {
            GTEST_SKIP() << "speedup needs at least 2 usable cores and this process has " << best.cores
                         << " (see the docs' troubleshooting page on low core counts)";
        }();
        return best;
    }
    best.counted = counted_cores(goal, best.cores);
    best.target = target_for(goal, best.counted);
    const unsigned threads = best.counted;

    // Size the work by time: double it until one serial run takes min_serial_ms, so a
    // fast machine still gives every thread enough to do.
    std::size_t size = std::max<std::size_t>(goal.start_size, 64);
    while (course::time_ms([&] { course::keep(serial(size)); }) < goal.min_serial_ms && size < (std::size_t{1} << 40))
        size *= 2;
    best.size = size;

    // A fresh input for every run (a slightly smaller size), so an answer cached from an
    // earlier run is never the right one; the pair's order is random, so neither side
    // always runs on a warmer cache.
    std::mt19937_64 random(std::random_device{}());
    std::uniform_int_distribution<std::size_t> shave(1, std::max<std::size_t>(size / 64, 2));
    bool wrong = false;
    auto run_pair = [&](double& serial_ms, double& parallel_ms) {
        const std::size_t n = size - shave(random);
        double expected = 0, got = 0;
        auto time_serial = [&] { return course::time_ms([&] { expected = serial(n); }); };
        auto time_parallel = [&] { return course::time_ms([&] { got = parallel(n, threads); }); };
        if (random() % 2) {
            serial_ms = time_serial();
            parallel_ms = time_parallel();
        } else {
            parallel_ms = time_parallel();
            serial_ms = time_serial();
        }
        if (!same_answer(expected, got, goal.tolerance)) {
            ADD_FAILURE() << "the parallel answer is wrong, so its speed earns nothing: for size " << n
                          << " the serial code gives " << expected << " and yours " << got;
            wrong = true;
        }
    };

    for (int attempt = 1; attempt <= goal.attempts && !wrong; ++attempt) {
        double serial_ms = 0, parallel_ms = 0;
        run_pair(serial_ms, parallel_ms);  // warm-up: caches, page faults, thread start-up
        serial_ms = parallel_ms = std::numeric_limits<double>::infinity();
        for (int run = 0; run < goal.runs && !wrong; ++run) {  // interleaved, so noise hits both alike
            double s = 0, p = 0;
            run_pair(s, p);
            serial_ms = std::min(serial_ms, s);
            parallel_ms = std::min(parallel_ms, p);
        }
        const double speedup = serial_ms / parallel_ms;
        std::printf("speedup of %s, attempt %d of %d: serial %.1f ms, parallel %.1f ms, %.2fx\n", goal.what.c_str(),
                    attempt, goal.attempts, serial_ms, parallel_ms, speedup);
        if (speedup > best.speedup) {
            best.serial_ms = serial_ms;
            best.parallel_ms = parallel_ms;
            best.speedup = speedup;
        }
        if (best.speedup >= best.target) break;
    }
    if (wrong) return best;

    best.fraction = fraction_for(best.speedup, best.target);
    const std::string cores_text =
        best.counted < best.cores ? format("%u cores (of %u usable; this lab counts at most %u)", best.counted,
                                           best.cores, goal.max_cores)
                                  : format("%u cores", best.counted);
    const std::string report = goal.what + ": " +
                               format("%.2fx, target %.2fx on %s (serial %.1f ms, parallel %.1f ms, best of %d)",
                                      best.speedup, best.target, cores_text.c_str(), best.serial_ms,
                                      best.parallel_ms, goal.runs);
    std::printf("speedup measured: %s -> %.0f%% of the points\n", report.c_str(), best.fraction * 100);
    std::fflush(stdout);
    // The grader reads these properties from GoogleTest's JSON report, never from stdout.
    testing::Test::RecordProperty("grading_fraction", format("%.4f", best.fraction));
    testing::Test::RecordProperty("grading_report", report);

    EXPECT_GT(best.fraction, 0.0) << "no real speedup: " << goal.what << " ran " << format("%.2f", best.speedup)
                                  << "x as fast as the serial code on " << best.counted << " cores (target "
                                  << format("%.2f", best.target) << "x)";
    if (strict()) {
        EXPECT_GE(best.speedup, best.target) << "COURSE_SPEEDUP_STRICT=1: the reference solution must earn "
                                                "full marks";
    }
    return best;
}

}  // namespace grading
