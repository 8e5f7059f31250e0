/// @file chunked_sum.cpp
/// @brief Lesson 10's chunked sum of sqrt(i^3), shared out over processes: each rank sums its share, MPI_Reduce adds them.
///
/// The work is the same as with threads or OpenMP, but the ranks share no memory: each
/// computes which indices are its own from its rank, sums them, and only the partial
/// sums travel (one double per rank). Rank 0 also times a plain serial loop to compare.
#include <cmath>
#include <cstdio>

#include "mpi_demo.hpp"

namespace {

constexpr long long n = 20'000'000;

double sum_range(long long begin, long long end) {  // sqrt(i^3) for i in [begin, end)
    double sum = 0.0;
    for (long long i = begin; i < end; ++i) {
        const double x = static_cast<double>(i);
        sum += std::sqrt(x * x * x);
    }
    return sum;
}

}  // namespace

int main(int argc, char** argv) {
    demo::start(argc, argv, "chunked_sum", 1);
    const int rank = demo::rank();
    const int size = demo::size();

    double serial = 0.0, serial_seconds = 0.0;
    if (rank == 0) {  // the baseline: one process does all of it
        const double start = MPI_Wtime();
        serial = sum_range(1, n + 1);
        serial_seconds = MPI_Wtime() - start;
    }

    MPI_Barrier(MPI_COMM_WORLD);  // start the parallel run together
    const double start = MPI_Wtime();
    // This rank's contiguous share of [1, n]: the first n % size ranks take one more.
    const long long base = n / size, extra = n % size;
    const long long begin = 1 + rank * base + (rank < extra ? rank : extra);
    const long long end = begin + base + (rank < extra ? 1 : 0);
    const double partial = sum_range(begin, end);
    double total = 0.0;
    MPI_Reduce(&partial, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    const double parallel_seconds = MPI_Wtime() - start;

    if (rank == 0) {
        const double difference = std::abs(total - serial) / serial;
        const double speedup = serial_seconds / parallel_seconds;
        std::printf("sum of sqrt(i^3) for i = 1 .. %lld\n", n);
        std::printf("  1 process (serial loop):  %8.1f ms   sum %.6e\n", serial_seconds * 1e3, serial);
        std::printf("  %d ranks (MPI_Reduce):     %8.1f ms   sum %.6e\n", size, parallel_seconds * 1e3, total);
        std::printf("  speedup %.2fx; relative difference %.1e (the ranks add in another order)\n", speedup,
                    difference);
        std::printf("check: the sums agree to 1e-9: %s\n", difference < 1e-9 ? "yes" : "NO");
        if (size > 1 && speedup > 0.75 * size)
            std::printf("the %d processes computed at the same time, on different cores.\n", size);
        else if (size > 1)
            std::printf("a speedup below %.2fx: fewer free cores than ranks, or a busy machine.\n", 0.75 * size);
    }
    MPI_Finalize();
    return 0;
}
