/// @file graded_test.hpp
/// @brief Declare a GoogleTest test together with the task it grades and its points.
///
/// @code
/// GRADED_TEST(SplitRange, CoversEveryIndex, 1, 2) {
///     EXPECT_EQ(...);
/// }
/// @endcode
///
/// The points live next to the test, in the test source, so the rubric can never
/// drift from the tests. The grader reads the rubric from these lines in the course's
/// own test sources (never from the compiled binary, which links the student's code),
/// so write each one on a single line with literal numbers. It then runs every test in
/// its own process with its own time limit.
#pragma once

#include <gtest/gtest.h>

/// Like GoogleTest's TEST(suite, name), plus the lab task it belongs to and the
/// points it is worth.
#define GRADED_TEST(suite, name, task, points)                                        \
    static_assert((task) >= 1 && (points) > 0, "GRADED_TEST: task >= 1, points > 0"); \
    TEST(suite, name)
