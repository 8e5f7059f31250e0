/// @file graded_test.hpp
/// @brief Declare a GoogleTest test together with the task it grades and its points.
///
/// @code
/// GRADED_TEST(SplitRange, CoversEveryIndex, /*task=*/1, /*points=*/2) {
///     EXPECT_EQ(...);
/// }
/// @endcode
///
/// The points live next to the test, in the test source, so the rubric can never
/// drift from the tests. The grader asks the test binary for the list
/// (`--grading-list`), then runs every test in its own process with its own timeout.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace grading {

/// What the grader needs to know about one test before running it.
struct GradedTestInfo {
    std::string suite;
    std::string name;
    int task;
    double points;
};

/// Adds a test to the rubric; called by GRADED_TEST before main() starts.
bool register_graded_test(const char* suite, const char* name, int task, double points);

/// Every test declared with GRADED_TEST in this binary.
const std::vector<GradedTestInfo>& graded_tests();

}  // namespace grading

/// Like GoogleTest's TEST(suite, name), plus the lab task it belongs to and the
/// points it is worth.
#define GRADED_TEST(suite, name, task, points)                                   \
    [[maybe_unused]] static const bool graded_test_registered_##suite##_##name = \
        ::grading::register_graded_test(#suite, #name, task, points);            \
    TEST(suite, name)
