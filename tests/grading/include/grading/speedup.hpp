/// @file speedup.hpp
/// @brief The one place where graded tests look at the clock: CPU speedup.
///
/// Shared machines are noisy and small, so the harness
///  - counts the cores this process may really use (course::usable_cores) and
///    skips, never fails, below 2;
///  - runs the serial baseline and the student's parallel code interleaved, in
///    the same process: one warm-up each, then the fastest of `runs` each;
///  - tries again, up to `attempts` times, when the target was missed;
///  - scales the target with the cores and gives partial credit below it;
///  - prints one line with the speedup, the target, the cores and the times.
///
/// A test checks the parallel answer first (a wrong answer earns nothing), then
/// calls check_speedup.
#pragma once

#include <functional>
#include <string>

namespace grading {

/// What a speedup test asks for.
struct SpeedupGoal {
    std::string what;                 ///< a few words naming the work, for the printed line
    double efficiency = 0.75;         ///< full marks at efficiency × cores (0.75 × 2 = 1.5× on 2 cores)
    unsigned max_cores = 0;           ///< cap on the cores the target counts (0 = no cap)
    int runs = 5;                     ///< timed runs of each version per attempt (after one warm-up)
    int attempts = 3;                 ///< attempts before settling for the best one measured
};

/// What the harness measured (the best attempt).
struct SpeedupResult {
    unsigned cores = 0;      ///< usable cores, P
    double serial_ms = 0;    ///< fastest serial run
    double parallel_ms = 0;  ///< fastest parallel run
    double speedup = 0;      ///< serial_ms / parallel_ms
    double target = 0;       ///< speedup for full marks
    double fraction = 0;     ///< share of the points earned, 0..1
};

/// How many threads a speedup test should hand the student's code: the usable cores,
/// capped by `goal.max_cores` when set.
unsigned speedup_threads(const SpeedupGoal& goal);

/// Measures and grades the speedup of `parallel` over `serial`; must be called from
/// inside a GoogleTest test body.
///
/// Skips the test below 2 usable cores. Fails it when the speedup earns nothing
/// (under 10% of the way from 1× to the target), or, when the environment variable
/// COURSE_SPEEDUP_STRICT=1 is set (the course's own check on the solutions), when
/// it earns less than full marks. Otherwise prints a line `[grading] fraction=F`
/// that the grader turns into partial credit.
SpeedupResult check_speedup(const SpeedupGoal& goal, const std::function<void()>& serial,
                            const std::function<void()>& parallel);

}  // namespace grading
