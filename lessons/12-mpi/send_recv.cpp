/// @file send_recv.cpp
/// @brief Point-to-point messages: MPI_Send, MPI_Recv, tags, MPI_Get_count, and a ping-pong timed.
///
/// Two ranks share no memory, so everything one tells the other travels as a message:
/// a buffer, a count, a datatype, a destination rank and a tag. MPI_Recv blocks until a
/// matching message has arrived and been copied into the receiver's buffer.
#include <cstdio>
#include <vector>

#include "mpi_demo.hpp"

namespace {
constexpr int numbers_tag = 1;  // tags let a receiver tell kinds of message apart
constexpr int reply_tag = 2;
constexpr int ping_tag = 3;
constexpr int round_trips = 10'000;
}  // namespace

int main(int argc, char** argv) {
    demo::start(argc, argv, "send_recv", 2, 2);
    const int rank = demo::rank();
    if (rank == 0) {
        std::vector<double> numbers{1.5, 2.5, 3.5, 4.5, 5.5};
        MPI_Send(numbers.data(), static_cast<int>(numbers.size()), MPI_DOUBLE, 1, numbers_tag, MPI_COMM_WORLD);
        std::vector<double> doubled(numbers.size());
        MPI_Recv(doubled.data(), static_cast<int>(doubled.size()), MPI_DOUBLE, 1, reply_tag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        std::printf("rank 0 sent");
        for (double x : numbers) std::printf(" %.1f", x);
        std::printf("\nrank 0 got back");
        for (double x : doubled) std::printf(" %.1f", x);
        bool right = true;
        for (std::size_t i = 0; i < numbers.size(); ++i) right = right && doubled[i] == 2 * numbers[i];
        std::printf("\ncheck: every number came back doubled: %s\n", right ? "yes" : "NO");
    } else {
        // The receiver need not know the length in advance: room for up to 100, then ask.
        std::vector<double> buffer(100);
        MPI_Status status;
        MPI_Recv(buffer.data(), 100, MPI_DOUBLE, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        int count = 0;
        MPI_Get_count(&status, MPI_DOUBLE, &count);
        std::printf("rank 1 received %d numbers with tag %d from rank %d\n", count, status.MPI_TAG,
                    status.MPI_SOURCE);
        std::fflush(stdout);
        for (int i = 0; i < count; ++i) buffer[static_cast<std::size_t>(i)] *= 2;
        MPI_Send(buffer.data(), count, MPI_DOUBLE, 0, reply_tag, MPI_COMM_WORLD);
    }

    // Ping-pong: one byte there and back, many times, to measure a message's cost.
    MPI_Barrier(MPI_COMM_WORLD);
    char byte = 'x';
    const double start = MPI_Wtime();
    for (int i = 0; i < round_trips; ++i) {
        if (rank == 0) {
            MPI_Send(&byte, 1, MPI_CHAR, 1, ping_tag, MPI_COMM_WORLD);
            MPI_Recv(&byte, 1, MPI_CHAR, 1, ping_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(&byte, 1, MPI_CHAR, 0, ping_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(&byte, 1, MPI_CHAR, 0, ping_tag, MPI_COMM_WORLD);
        }
    }
    const double seconds = MPI_Wtime() - start;
    if (rank == 0)
        std::printf("\n%d one-byte round trips between rank 0 and rank 1: %.2f us each\n", round_trips,
                    seconds / round_trips * 1e6);
    MPI_Finalize();
    return 0;
}
