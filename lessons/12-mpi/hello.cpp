/// @file hello.cpp
/// @brief N copies of one program, each a separate process with its own rank.
///
/// mpiexec starts the same binary N times. MPI_Init connects the copies; after it, each
/// knows two numbers: its rank (0 .. N-1) and the size (N). Nothing else is shared: every
/// rank has its own memory, its own variables, its own process id.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "mpi_demo.hpp"

int main(int argc, char** argv) {
    demo::start(argc, argv, "hello", 1);
    const int rank = demo::rank();
    const int size = demo::size();
    char host[MPI_MAX_PROCESSOR_NAME];
    int length = 0;
    MPI_Get_processor_name(host, &length);

    // Every rank prints at once: the lines arrive in whatever order the ranks get there.
    const int pid = static_cast<int>(getpid());
    std::printf("hello from rank %d of %d (process %d on %s)\n", rank, size, pid, host);
    std::fflush(stdout);

    // A variable with the same name on every rank, but a different value: no sharing.
    const int my_square = rank * rank;

    // To print in rank order, collect everything on one rank first.
    std::vector<int> pids(static_cast<std::size_t>(size));
    std::vector<int> squares(static_cast<std::size_t>(size));
    MPI_Gather(&pid, 1, MPI_INT, pids.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Gather(&my_square, 1, MPI_INT, squares.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        std::printf("\nrank 0 gathered, in rank order:\n");
        for (int r = 0; r < size; ++r)
            std::printf("  rank %d: process %d, my_square = %d\n", r, pids[static_cast<std::size_t>(r)],
                        squares[static_cast<std::size_t>(r)]);
        std::sort(pids.begin(), pids.end());
        const auto different = std::unique(pids.begin(), pids.end()) - pids.begin();
        std::printf("check: %d ranks, %d different process ids: %s\n", size, static_cast<int>(different),
                    different == size ? "every rank is its own process" : "NO");
    }
    MPI_Finalize();
    return 0;
}
