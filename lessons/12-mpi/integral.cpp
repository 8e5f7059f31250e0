/// @file integral.cpp
/// @brief Lesson 10's integral (pi as the integral of 4/(1+x^2) over [0,1]) over processes, with MPI_Allreduce.
///
/// The midpoint rule with n intervals; rank r integrates its own contiguous block of
/// intervals. MPI_Allreduce adds the partial integrals and gives the sum to every rank,
/// so each rank can go on using it (here, each checks it against pi itself).
#include <cmath>
#include <cstdio>
#include <vector>

#include "mpi_demo.hpp"

namespace {
constexpr long long n = 10'000'000;
constexpr double pi = 3.14159265358979323846;
}  // namespace

int main(int argc, char** argv) {
    demo::start(argc, argv, "integral", 1);
    const int rank = demo::rank();
    const int size = demo::size();

    const long long base = n / size, extra = n % size;
    const long long begin = rank * base + (rank < extra ? rank : extra);
    const long long end = begin + base + (rank < extra ? 1 : 0);
    const double h = 1.0 / static_cast<double>(n);
    double partial = 0.0;
    for (long long i = begin; i < end; ++i) {
        const double x = (static_cast<double>(i) + 0.5) * h;
        partial += 4.0 / (1.0 + x * x);
    }
    partial *= h;

    double integral = 0.0;
    MPI_Allreduce(&partial, &integral, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);

    // Every rank has the answer now; gather who did what, for the picture.
    const double mine[3] = {static_cast<double>(begin), static_cast<double>(end), partial};
    std::vector<double> shares(rank == 0 ? 3 * static_cast<std::size_t>(size) : 0);
    MPI_Gather(mine, 3, MPI_DOUBLE, shares.data(), 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    const int agrees = std::abs(integral - pi) < 1e-9;
    int all_agree = 0;
    MPI_Reduce(&agrees, &all_agree, 1, MPI_INT, MPI_LAND, 0, MPI_COMM_WORLD);

    if (rank == 0) {
        std::printf("integral of 4/(1+x^2) over [0, 1], %lld intervals, %d ranks:\n", n, size);
        for (int r = 0; r < size; ++r) {
            const double* s = &shares[3 * static_cast<std::size_t>(r)];
            std::printf("  rank %d: intervals [%9.0f, %9.0f)  partial %.12f\n", r, s[0], s[1], s[2]);
        }
        std::printf("  sum (on every rank, by MPI_Allreduce): %.12f\n", integral);
        std::printf("  pi:                                    %.12f (error %.1e)\n", pi, std::abs(integral - pi));
        std::printf("check: every rank holds pi to 1e-9: %s\n", all_agree ? "yes" : "NO");
    }
    MPI_Finalize();
    return 0;
}
