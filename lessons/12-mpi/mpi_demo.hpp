/// @file mpi_demo.hpp
/// @brief What every lesson 12 demo does around MPI: start it, refuse arguments, know its rank.
#pragma once

#include <mpi.h>

#include <cstdio>
#include <cstdlib>

namespace demo {

/// This process's rank in MPI_COMM_WORLD.
inline int rank() {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

/// How many processes MPI_COMM_WORLD has.
inline int size() {
    int size = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

/// Starts MPI. The demos take no arguments: any argument gets a usage line (from rank 0)
/// and exit code 2; so does a rank count outside [min_ranks, max_ranks].
inline void start(int& argc, char**& argv, const char* name, int min_ranks, int max_ranks = 1 << 20) {
    MPI_Init(&argc, &argv);
    if (argc > 1 || size() < min_ranks || size() > max_ranks) {
        if (rank() == 0)
            std::fprintf(stderr, "usage: mpiexec -n N %s   (no arguments; N %s %d), or: ./course run 12 %s\n", name,
                         min_ranks == max_ranks ? "=" : ">=", min_ranks, name);
        MPI_Finalize();
        std::exit(2);
    }
}

}  // namespace demo
