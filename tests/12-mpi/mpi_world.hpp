/// @file mpi_world.hpp
/// @brief What lab 12's graded tests need around MPI, in one place.
///
/// The grader starts the test binary as 1, 2 or 3 processes (`mpiexec -n N`), and every
/// rank runs the same tests in the same order, because the functions under test are
/// collective: if one rank skipped a test, the others would wait for it forever. So:
/// - MPI_Init happens once per process, in a GoogleTest Environment that this header
///   registers before main() starts (the course's grading main is untouched), and
///   MPI_Finalize once, when the process exits.
/// - Every rank calls the student's function; the test then gathers what each rank saw
///   to rank 0 (`gather`), and only rank 0 asserts, with the whole picture in its message.
///   No assertion may stop a test between collectives (that would strand the others).
/// - Only rank 0 prints GoogleTest's report. Another rank prints only its own failures
///   (a student's exception that hit one rank only), marked "(on rank N)".
/// - Each rank writes its own GoogleTest report (the grading main names them), and the
///   grader requires every rank's to pass, so a failure on any rank fails the test. (No
///   failure is added after the tests: GoogleTest 1.12 writes a malformed JSON report
///   when a global Environment's TearDown fails.)
#pragma once

#include <mpi.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <vector>

namespace mpi_world {

/// This process's rank in MPI_COMM_WORLD.
inline int rank() {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

/// The number of processes in MPI_COMM_WORLD.
inline int size() {
    int size = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

/// Every rank's `mine`, in rank order, on rank 0; an empty vector on the other ranks.
/// Collective: every rank must call it.
template <class T>
std::vector<T> gather(const T& mine) {
    static_assert(std::is_trivially_copyable_v<T>, "gather copies bytes");
    std::vector<T> all(rank() == 0 ? static_cast<std::size_t>(size()) : 0);
    MPI_Gather(&mine, static_cast<int>(sizeof(T)), MPI_BYTE, all.data(), static_cast<int>(sizeof(T)),
               MPI_BYTE, 0, MPI_COMM_WORLD);
    return all;
}

/// "rank 0: 3, rank 1: 4, rank 2: 3": one number per rank, for failure messages.
template <class T>
std::string per_rank(const std::vector<T>& values) {
    std::string text;
    for (std::size_t r = 0; r < values.size(); ++r)
        text += (r ? ", rank " : "rank ") + std::to_string(r) + ": " + std::to_string(values[r]);
    return text;
}

/// On a rank other than 0: prints this rank's failed assertions, and nothing else.
class RankFailurePrinter : public testing::EmptyTestEventListener {
public:
    explicit RankFailurePrinter(int rank) : rank_(rank) {}
    void OnTestPartResult(const testing::TestPartResult& result) override {
        if (!result.failed()) return;
        std::fprintf(stderr, "(on rank %d) %s:%d: Failure\n%s\n", rank_,
                     result.file_name() ? result.file_name() : "unknown file", result.line_number(),
                     result.message());
        std::fflush(stderr);
    }

private:
    int rank_;
};

/// MPI_Init before the first test, MPI_Finalize at exit; see the file comment.
class Environment : public testing::Environment {
public:
    void SetUp() override {
        int initialised = 0;
        MPI_Initialized(&initialised);
        if (!initialised) {
            MPI_Init(nullptr, nullptr);
            std::atexit(finalize);
        }
        if (rank() != 0) {
            auto& listeners = testing::UnitTest::GetInstance()->listeners();
            delete listeners.Release(listeners.default_result_printer());
            listeners.Append(new RankFailurePrinter(rank()));
        }
    }

private:
    // After main() returns, so every rank has written its GoogleTest report before any
    // rank leaves: MPI_Finalize is collective (Open MPI 4.1 waits there for every rank), and mpiexec kills the other ranks
    // as soon as one exits with a non-zero status.
    static void finalize() {
        int finalised = 0;
        MPI_Finalized(&finalised);
        if (!finalised) MPI_Finalize();
    }
};

/// Registered during static initialisation, so the grading main() needs no MPI code.
inline testing::Environment* const environment = testing::AddGlobalTestEnvironment(new Environment);

}  // namespace mpi_world
