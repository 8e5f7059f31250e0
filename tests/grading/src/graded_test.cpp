#include "grading/graded_test.hpp"

namespace grading {
namespace {
// A function-local static, so registration from other translation units' static
// initialisers never sees an unconstructed vector.
std::vector<GradedTestInfo>& registry() {
    static std::vector<GradedTestInfo> tests;
    return tests;
}
}  // namespace

bool register_graded_test(const char* suite, const char* name, int task, double points) {
    registry().push_back({suite, name, task, points});
    return true;
}

const std::vector<GradedTestInfo>& graded_tests() { return registry(); }

}  // namespace grading
