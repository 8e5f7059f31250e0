// The graded tests of the grader's own hostile-code checks: Target calls the code under
// test; Bystander never does, and must keep its points whatever Target's code does.
#include "answer.hpp"
#include "grading/graded_test.hpp"

GRADED_TEST(Target, ReturnsTheAnswer, 1, 3) { EXPECT_EQ(hostile::answer(), 42) << "the answer is wrong"; }

GRADED_TEST(Bystander, KeepsItsPoints, 2, 2) { EXPECT_EQ(6 * 7, 42) << "arithmetic broke"; }
