// The main() of every graded test binary. It adds three things to GoogleTest's own:
//  - a seal on every result: the grader passes a per-run secret in the environment;
//    main() takes it out of the environment before any test runs, and records it as a
//    property of each test when the test ends. The grader trusts only a JSON report
//    (GoogleTest's --gtest_output, in a folder of its own) whose tests carry the secret,
//    so printing "[  PASSED  ]" or exiting early earns nothing;
//  - under MPI, each rank but 0 writes its report beside rank 0's (file.rankN), so the
//    grader can require every rank to pass;
//  - a terminate handler that names the exception that killed the process, so a stub
//    throwing course::NotImplemented inside a worker thread still reads "not implemented yet".
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

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

class SealEachResult : public testing::EmptyTestEventListener {
public:
    explicit SealEachResult(std::string secret) : secret_(std::move(secret)) {}
    // Still inside the test's lifespan, so the property lands on this test.
    void OnTestEnd(const testing::TestInfo&) override { testing::Test::RecordProperty("grading_secret", secret_); }

private:
    std::string secret_;
};

// Open MPI and MPICH name each process's rank in its environment.
std::string mpi_rank() {
    for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK"})
        if (const char* rank = std::getenv(name)) return rank;
    return "";
}

}  // namespace

int main(int argc, char** argv) {
    std::set_terminate(explain_terminate);
    std::string secret;
    if (const char* value = std::getenv("COURSE_GRADING_SECRET")) {
        secret = value;
        unsetenv("COURSE_GRADING_SECRET");
    }

    std::vector<std::string> arguments(argv, argv + argc);
    const std::string rank = mpi_rank();
    if (!rank.empty() && rank != "0") {
        for (auto& argument : arguments)
            if (argument.rfind("--gtest_output=json:", 0) == 0) argument += ".rank" + rank;
    }
    std::vector<char*> pointers;
    for (auto& argument : arguments) pointers.push_back(argument.data());
    pointers.push_back(nullptr);
    int count = argc;

    testing::InitGoogleTest(&count, pointers.data());
    if (!secret.empty()) testing::UnitTest::GetInstance()->listeners().Append(new SealEachResult(secret));
    return RUN_ALL_TESTS();
}
