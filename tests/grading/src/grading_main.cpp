// The main() of every graded test binary. It adds two things to GoogleTest's own:
//  --grading-list  prints the rubric (one line per test: suite.name task points) for the grader;
//  a terminate handler that names the exception that killed the process, so a stub throwing
//  course::NotImplemented inside a worker thread still reads "not implemented yet".
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "grading/graded_test.hpp"

namespace {

[[noreturn]] void explain_terminate() {
    if (auto current = std::current_exception()) {
        try {
            std::rethrow_exception(current);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "\nterminate called after an exception escaped a thread: %s\n", error.what());
        } catch (...) {
            std::fprintf(stderr, "\nterminate called after an unknown exception escaped a thread\n");
        }
    } else {
        std::fprintf(stderr, "\nterminate called without an active exception "
                             "(was a std::thread destroyed while still joinable?)\n");
    }
    std::fflush(stderr);
    std::abort();
}

int print_rubric() {
    for (const auto& test : grading::graded_tests())
        std::printf("%s.%s %d %g\n", test.suite.c_str(), test.name.c_str(), test.task, test.points);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::set_terminate(explain_terminate);
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--grading-list") == 0) return print_rubric();
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
