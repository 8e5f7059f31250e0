/// @file collectives.cpp
/// @brief Broadcast, scatter, gather and reduce: the collectives that every rank calls together.
///
/// A collective is one call that every rank of a communicator makes; MPI moves the data
/// between them (usually along a tree, not one rank talking to all the others in turn).
/// The root rank (here 0) is the one that sends out (Bcast, Scatter) or collects (Gather,
/// Reduce).
#include <cstdio>
#include <numeric>
#include <vector>

#include "mpi_demo.hpp"

namespace {

void print_per_rank(const char* what, const std::vector<int>& values, int per_rank) {
    std::printf("%-34s", what);
    for (std::size_t i = 0; i < values.size(); ++i)
        std::printf("%s%d", i % static_cast<std::size_t>(per_rank) == 0 ? (i ? " | " : "") : " ", values[i]);
    std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
    demo::start(argc, argv, "collectives", 1);
    const int rank = demo::rank();
    const int size = demo::size();
    constexpr int per_rank = 3;

    // Broadcast: rank 0 decides a number; afterwards every rank has it.
    int factor = rank == 0 ? 10 : 0;
    MPI_Bcast(&factor, 1, MPI_INT, 0, MPI_COMM_WORLD);

    // Scatter: rank 0 holds the whole array; each rank receives its own slice of 3.
    std::vector<int> all;
    if (rank == 0) {
        all.resize(static_cast<std::size_t>(per_rank * size));
        std::iota(all.begin(), all.end(), 1);
        print_per_rank("rank 0 has, split by rank:", all, per_rank);
    }
    std::vector<int> mine(per_rank);
    MPI_Scatter(all.data(), per_rank, MPI_INT, mine.data(), per_rank, MPI_INT, 0, MPI_COMM_WORLD);

    // Every rank works on its slice only.
    for (int& x : mine) x *= factor;

    // Gather: the slices come back to rank 0, in rank order.
    std::vector<int> back(rank == 0 ? all.size() : 0);
    MPI_Gather(mine.data(), per_rank, MPI_INT, back.data(), per_rank, MPI_INT, 0, MPI_COMM_WORLD);

    // Reduce: one number from each rank, summed on rank 0.
    const int my_sum = std::accumulate(mine.begin(), mine.end(), 0);
    int total = 0;
    MPI_Reduce(&my_sum, &total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);

    if (rank == 0) {
        std::printf("broadcast factor: %d (every rank)\n", factor);
        print_per_rank("gathered after each rank scaled:", back, per_rank);
        const int n = per_rank * size;
        const int expected = factor * n * (n + 1) / 2;
        std::printf("reduced sum on rank 0: %d (expected %d: %s)\n", total, expected, total == expected ? "yes" : "NO");
    }
    MPI_Finalize();
    return 0;
}
