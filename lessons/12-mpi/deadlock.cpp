/// @file deadlock.cpp
/// @brief Two ranks that both send first: fine for a small message, a deadlock for a large one.
///
/// MPI_Send may return as soon as the message is copied somewhere safe, or only once the
/// receiver has started to receive it: the standard allows both. Open MPI 4.1 copies small
/// messages ahead ("eager") but hands over a large one only to a posted receive. So when
/// both ranks send a large message first and receive second, each waits for the other.
///
/// A real MPI_Send would wait forever. To stay bounded, this demo sends the large message
/// with MPI_Issend, which completes under the same condition (the receiver has matched
/// it) but lets the sender watch the clock with MPI_Test.
#include <cstdio>
#include <vector>

#include "mpi_demo.hpp"

namespace {

constexpr double patience_seconds = 0.5;

// Both ranks send to each other first, then receive. Returns whether the sends completed
// within the patience; either way the receives are posted in the end, so the demo ends.
bool send_first(std::size_t bytes) {
    const int other = 1 - demo::rank();
    std::vector<char> out(bytes, 'm'), in(bytes);
    MPI_Request send;
    MPI_Issend(out.data(), static_cast<int>(bytes), MPI_CHAR, other, 0, MPI_COMM_WORLD, &send);
    int sent = 0;
    const double start = MPI_Wtime();
    while (!sent && MPI_Wtime() - start < patience_seconds) MPI_Test(&send, &sent, MPI_STATUS_IGNORE);
    // Now receive: this is what releases the other rank's send, if it was stuck.
    MPI_Recv(in.data(), static_cast<int>(bytes), MPI_CHAR, other, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Wait(&send, MPI_STATUS_IGNORE);
    int both = 0;
    MPI_Allreduce(&sent, &both, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return both != 0;
}

}  // namespace

int main(int argc, char** argv) {
    demo::start(argc, argv, "deadlock", 2, 2);

    // A small message with a plain MPI_Send: Open MPI buffers it, so both sends return.
    char small_out = 's', small_in = 0;
    const int other = 1 - demo::rank();
    MPI_Send(&small_out, 1, MPI_CHAR, other, 0, MPI_COMM_WORLD);
    MPI_Recv(&small_in, 1, MPI_CHAR, other, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (demo::rank() == 0) std::printf("1 byte, both ranks send first: completed (the message was buffered)\n");

    const std::size_t large = 4u << 20;
    const bool completed = send_first(large);
    if (demo::rank() == 0) {
        std::printf("%.1f MiB, both ranks send first: ", static_cast<double>(large) / (1 << 20));
        if (completed)
            std::printf("the sends completed within %.1f s (this MPI buffered even %zu bytes)\n", patience_seconds,
                        large);
        else
            std::printf("neither send completed within %.1f s\n"
                        "deadlock: both ranks are stuck in MPI_Send, each waiting for the other to receive\n"
                        "(a plain MPI_Send would wait forever; this demo's MPI_Issend gave up watching and\n"
                        " posted the receives, which released both. `exchange` shows the real fixes.)\n",
                        patience_seconds);
    }
    MPI_Finalize();
    return 0;
}
