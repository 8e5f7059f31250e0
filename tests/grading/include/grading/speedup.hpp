/// @file speedup.hpp
/// @brief The one place where graded tests look at the clock: CPU speedup.
///
/// Shared machines are noisy and small, and students' machines range from 1 to 64
/// cores, so the harness
///  - counts the physical cores this process may really use (course::usable_cores:
///    affinity mask, nested cgroup quota) and skips, never fails, below 2;
///  - caps that count at `max_cores`, the most its reference solution is known to
///    use well, so a big machine never asks for a speedup the work cannot give;
///  - sizes the work by time: it doubles the size until the serial run takes at least
///    `min_serial_ms`, so a fast machine is not starved of work;
///  - varies the input on every run (a slightly different size each time), so code
///    that caches an earlier answer gains nothing, and checks every parallel answer
///    against the serial one for the same input;
///  - runs the serial baseline and the student's parallel code interleaved, in the
///    same process, in a random order per pair: one warm-up, then the fastest of
///    `runs` each; and tries again, up to `attempts` times, when the target was missed;
///  - scales the target with the counted cores and gives partial credit below it;
///  - prints one line with the speedup, the target, the cores and the times.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace grading {

/// What a speedup test asks for.
struct SpeedupGoal {
    std::string what;                 ///< a few words naming the work, for the printed line
    double efficiency = 0.75;         ///< full marks at efficiency × cores (0.75 × 2 = 1.5× on 2 cores)
    unsigned max_cores = 8;           ///< cap on the cores the target counts and the threads handed out
    std::size_t start_size = 1 << 20; ///< the first work size tried while sizing the work
    double min_serial_ms = 150;       ///< the work grows until one serial run takes at least this long
    double tolerance = 1e-9;          ///< allowed relative difference between serial and parallel answers
    int runs = 5;                     ///< timed runs of each version per attempt (after one warm-up)
    int attempts = 3;                 ///< attempts before settling for the best one measured
};

/// What the harness measured (the best attempt).
struct SpeedupResult {
    unsigned cores = 0;      ///< usable cores P, before the cap
    unsigned counted = 0;    ///< min(P, max_cores): the cores the target counts
    std::size_t size = 0;    ///< the work size chosen by timing
    double serial_ms = 0;    ///< fastest serial run
    double parallel_ms = 0;  ///< fastest parallel run
    double speedup = 0;      ///< serial_ms / parallel_ms
    double target = 0;       ///< speedup for full marks
    double fraction = 0;     ///< share of the points earned, 0..1
};

/// The serial baseline, written in the test: the answer for work of size `n`.
using SerialWork = std::function<double(std::size_t n)>;
/// The student's parallel code on `threads` threads: the same answer for the same `n`.
using ParallelWork = std::function<double(std::size_t n, unsigned threads)>;

/// How many threads the harness hands the parallel code: the usable cores, capped by
/// `goal.max_cores`.
unsigned speedup_threads(const SpeedupGoal& goal);

/// The speedup that earns full marks with `cores` usable cores:
/// efficiency × min(cores, max_cores), and at least 1.2.
double speedup_target(const SpeedupGoal& goal, unsigned cores);

/// Measures and grades the speedup of `parallel` over `serial`; call it from inside a
/// GoogleTest test body.
///
/// Skips the test below 2 usable cores. Fails it when a parallel answer differs from
/// the serial one, or when the speedup earns nothing (1.1× or less), or, when the
/// environment variable COURSE_SPEEDUP_STRICT=1 is set (the course's own check on the
/// solutions), when it earns less than full marks. Otherwise
/// records the share of the points earned as the test property `grading_fraction`,
/// which the grader reads (never from what the test prints) and clamps to [0, 1].
SpeedupResult check_speedup(const SpeedupGoal& goal, const SerialWork& serial, const ParallelWork& parallel);

}  // namespace grading
