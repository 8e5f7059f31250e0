// What bigger machines are asked for. Run with COURSE_PRETEND_CORES=32, the harness
// believes it has 32 usable cores: it hands out at most max_cores threads, and for every
// core count from 2 to 64 the target stays at most 0.75 x max_cores, a speedup the
// reference solutions reach (docs/grading.md, "Speedup tests").
#include <gtest/gtest.h>

#include <cstdlib>

#include "grading/speedup.hpp"

TEST(PretendCores, ThreadsAndTargetsAreCappedAtTheLabsMaximum) {
    ASSERT_STREQ(std::getenv("COURSE_PRETEND_CORES"), "32");
    const grading::SpeedupGoal goal{.what = "lab 01's sum"};
    EXPECT_EQ(grading::speedup_threads(goal), 8u);
    for (unsigned cores = 2; cores <= 64; ++cores) {
        const double target = grading::speedup_target(goal, cores);
        EXPECT_LE(target, 0.75 * 8) << "on " << cores << " cores";
        EXPECT_GE(target, 1.2) << "on " << cores << " cores";
    }
    EXPECT_DOUBLE_EQ(grading::speedup_target(goal, 2), 1.5);
    EXPECT_DOUBLE_EQ(grading::speedup_target(goal, 32), 6.0);
}
