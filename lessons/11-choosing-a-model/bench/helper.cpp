/// @file helper.cpp
/// @brief bench_helper: the benchmark's OpenMP and MPI rows, in a program of their own.
///
///   bench_helper openmp N THREADS               sum of sqrt(x^3), x = 1..N, on an OpenMP team
///   mpiexec -n P bench_helper mpi-sum N          the same sum split over P ranks
///   mpiexec -n 2 bench_helper mpi-transfer MIB...  rank 0 sends MIB MiB to rank 1, for each size
/// Each prints one JSON line of figures (milliseconds) for the bench to read. OpenMP lives
/// here because the bench forks, and the course never mixes OpenMP and fork() in one
/// program (libgomp's thread team does not survive into a forked child).
#include <mpi.h>
#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "course/timing.hpp"
#include "kernel.hpp"

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: bench_helper openmp N THREADS | mpi-sum N | mpi-transfer MIB...\n"
                 "  (run by the benchmark; the MPI modes under mpiexec)\n");
    return 2;
}

bool number(const char* text, unsigned long long& value) {
    char* end = nullptr;
    value = std::strtoull(text, &end, 10);
    return *text != '\0' && *end == '\0' && value > 0;
}

double openmp_sum(std::uint64_t n, int threads) {
    double total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
    {
        std::uint64_t begin, end;
        bench::chunk_of(1, n + 1, static_cast<unsigned>(omp_get_thread_num()),
                        static_cast<unsigned>(omp_get_num_threads()), begin, end);
        total += bench::sum_sqrt_cubes(begin, end);
    }
    return total;
}

int openmp(std::uint64_t n, int threads) {
    // The warm-up does the whole job once: it starts the thread team, which later regions
    // reuse, and gives the scheduler time to spread the team over the cores (a team that
    // wakes up sharing one core costs a short region milliseconds).
    course::keep(openmp_sum(n, threads));
    double sum = 0;
    const double ms = course::time_ms([&] { sum = openmp_sum(n, threads); });
    std::printf("{\"ms\": %.6f, \"sum\": %.17g, \"threads\": %d}\n", ms, sum, threads);
    return 0;
}

int mpi_sum(std::uint64_t n) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::uint64_t begin, end;
    bench::chunk_of(1, n + 1, static_cast<unsigned>(rank), static_cast<unsigned>(size), begin, end);
    bench::sum_sqrt_cubes(1, 1000);  // page in the code on every rank before the clock
    MPI_Barrier(MPI_COMM_WORLD);
    const double start = MPI_Wtime();
    const double part = bench::sum_sqrt_cubes(begin, end);
    double sum = 0;
    MPI_Reduce(&part, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    const double ms = (MPI_Wtime() - start) * 1000.0;
    if (rank == 0) std::printf("{\"ms\": %.6f, \"sum\": %.17g, \"ranks\": %d}\n", ms, sum, size);
    return 0;
}

int mpi_transfer(const std::vector<std::size_t>& mib) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size != 2) {
        if (rank == 0) std::fprintf(stderr, "bench_helper mpi-transfer needs exactly 2 ranks, not %d\n", size);
        return 1;
    }
    std::string json = "{";
    for (std::size_t m : mib) {
        const std::size_t bytes = m << 20;
        std::vector<char> buffer(bytes, rank == 0 ? 'd' : 0);  // touched on both ranks before the clock
        double ms = 0;
        for (int attempt = 0; attempt < 2; ++attempt) {  // the first one sets up the connection
            MPI_Barrier(MPI_COMM_WORLD);
            char ack = 0;
            const double start = MPI_Wtime();
            if (rank == 0) {
                MPI_Send(buffer.data(), static_cast<int>(bytes), MPI_CHAR, 1, 0, MPI_COMM_WORLD);
                MPI_Recv(&ack, 1, MPI_CHAR, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(buffer.data(), static_cast<int>(bytes), MPI_CHAR, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                ack = buffer[bytes - 1];
                MPI_Send(&ack, 1, MPI_CHAR, 0, 1, MPI_COMM_WORLD);
            }
            ms = (MPI_Wtime() - start) * 1000.0;
        }
        if (json.size() > 1) json += ", ";
        json += "\"ms_" + std::to_string(m) + "\": " + std::to_string(ms);
    }
    if (rank == 0) std::printf("%s}\n", json.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    unsigned long long a = 0, b = 0;
    if (mode == "openmp") {
        if (argc != 4 || !number(argv[2], a) || !number(argv[3], b)) return usage();
        return openmp(a, static_cast<int>(b));
    }
    if (mode != "mpi-sum" && mode != "mpi-transfer") return usage();
    std::vector<std::size_t> sizes;
    if (mode == "mpi-sum" && (argc != 3 || !number(argv[2], a))) return usage();
    for (int i = 2; mode == "mpi-transfer" && i < argc; ++i) {
        if (!number(argv[i], b) || b > 1024) return usage();
        sizes.push_back(b);
    }
    if (mode == "mpi-transfer" && sizes.empty()) return usage();
    MPI_Init(&argc, &argv);
    const int result = mode == "mpi-sum" ? mpi_sum(a) : mpi_transfer(sizes);
    MPI_Finalize();
    return result;
}
