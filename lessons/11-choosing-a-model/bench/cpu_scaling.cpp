/// @file cpu_scaling.cpp
/// @brief CPU-bound scaling: one chunked sum on 1..P threads, OpenMP, a process pool and MPI ranks, against the serial run.
///
/// Every model calls the same out-of-line kernel (kernel.cpp) on its chunk, so the
/// speedups compare models, not code generation. OpenMP runs in bench_helper: the course
/// never mixes OpenMP and fork() in one program, and this one forks.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "bench.hpp"
#include "course/timing.hpp"
#include "kernel.hpp"

namespace bench {
namespace {

struct Shared {
    double serial_sum = 0;
};

void check(const Shared& shared, double sum, const std::string& who) {
    if (std::abs(sum - shared.serial_sum) > 1e-9 * std::abs(shared.serial_sum))
        throw Skip(who + " computed a different sum than the serial run");
}

double on_threads(std::uint64_t n, unsigned count, double& sum) {
    std::vector<double> parts(count);
    const double ms = course::time_ms([&] {
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < count; ++t)
            threads.emplace_back([&, t] {
                std::uint64_t begin, end;
                chunk_of(1, n + 1, t, count, begin, end);
                parts[t] = sum_sqrt_cubes(begin, end);
            });
        for (auto& thread : threads) thread.join();
    });
    sum = 0;
    for (double part : parts) sum += part;
    return ms;
}

// P forked workers, started before the clock; each gets a chunk over a pipe and answers
// with its partial sum over another.
double on_process_pool(std::uint64_t n, unsigned count, double& sum) {
    struct Worker {
        int pid, to, from;
    };
    std::vector<Worker> workers;
    for (unsigned w = 0; w < count; ++w) {
        int to[2], from[2];
        if (pipe(to) != 0 || pipe(from) != 0) throw Skip("pipe() failed");
        const int pid = fork_child([&] {
            close(to[1]), close(from[0]);
            std::uint64_t range[2];
            while (read_all(to[0], range, sizeof range)) {
                const double part = sum_sqrt_cubes(range[0], range[1]);
                if (!write_all(from[1], &part, sizeof part)) return 1;
            }
            return 0;
        });
        close(to[0]), close(from[1]);
        workers.push_back({pid, to[1], from[0]});
    }
    bool ok = true;
    sum = 0;
    const double ms = course::time_ms([&] {
        for (unsigned w = 0; w < count; ++w) {
            std::uint64_t range[2];
            chunk_of(1, n + 1, w, count, range[0], range[1]);
            ok = ok && write_all(workers[w].to, range, sizeof range);
        }
        for (auto& worker : workers) {
            double part = 0;
            ok = ok && read_all(worker.from, &part, sizeof part);
            sum += part;
        }
    });
    for (auto& worker : workers) close(worker.to), close(worker.from);
    for (auto& worker : workers) reap(worker.pid, "process pool");
    if (!ok) throw Skip("a pool worker stopped answering");
    return ms;
}

}  // namespace

void add_cpu_scaling(Registry& registry) {
    const Settings& settings = registry.settings();
    const std::uint64_t n = settings.quick ? 10000000 : 40000000;
    const unsigned cores = settings.cores;
    const std::string what = "sum of sqrt(x^3), x = 1.." + std::to_string(n / 1000000) + "e6";
    auto shared = std::make_shared<Shared>();

    registry.add("cpu.serial", "serial, 1 thread", "ms", 1, [=](Row& row) {
        row.note = what;
        double sum = 0;
        const double ms = course::time_ms([&] { sum = sum_sqrt_cubes(1, n + 1); });
        shared->serial_sum = sum;
        return ms;
    });
    for (unsigned t = 1; t <= cores; ++t)
        registry.add("cpu.threads." + std::to_string(t), std::to_string(t) + " std::thread(s), one chunk each", "ms", 1,
                     [=](Row&) {
                         double sum = 0;
                         const double ms = on_threads(n, t, sum);
                         check(*shared, sum, "the threads");
                         return ms;
                     });
    registry.add("cpu.openmp", "OpenMP parallel region, " + std::to_string(cores) + " threads", "ms", 1, [=](Row& row) {
        row.note = "in bench_helper; timed after a warm-up run of the same sum (the thread team's start excluded)";
        const auto figures = parse_figures(
            run_program({settings.helper, "openmp", std::to_string(n), std::to_string(cores)}));
        if (!figures.count("ms") || !figures.count("sum")) throw Skip("bench_helper printed no time");
        check(*shared, figures.at("sum"), "OpenMP");
        return figures.at("ms");
    });
    registry.add("cpu.process_pool", "process pool, " + std::to_string(cores) + " forked workers", "ms", 1,
                 [=](Row& row) {
                     row.note = "workers forked before the clock starts; chunks and sums over pipes";
                     double sum = 0;
                     const double ms = on_process_pool(n, cores, sum);
                     check(*shared, sum, "the process pool");
                     return ms;
                 });
    registry.add("cpu.mpi", "MPI, " + std::to_string(cores) + " ranks", "ms", 1, [=](Row& row) {
        if (settings.mpiexec.empty()) throw Skip("mpiexec not found (Debian: openmpi-bin)");
        row.note = "from a barrier to MPI_Reduce's result on rank 0 (mpiexec's start excluded)";
        const auto figures = parse_figures(run_program(
            {settings.mpiexec, "-n", std::to_string(cores), "--oversubscribe", settings.helper, "mpi-sum", std::to_string(n)}));
        if (!figures.count("ms") || !figures.count("sum")) throw Skip("bench_helper printed no time");
        check(*shared, figures.at("sum"), "MPI");
        return figures.at("ms");
    });
    for (unsigned t = 1; t <= cores; ++t)
        registry.ratio("cpu.speedup.threads." + std::to_string(t), "speedup, " + std::to_string(t) + " std::thread(s)",
                       "cpu.serial", "cpu.threads." + std::to_string(t));
    registry.ratio("cpu.speedup.openmp", "speedup, OpenMP", "cpu.serial", "cpu.openmp");
    registry.ratio("cpu.speedup.process_pool", "speedup, process pool", "cpu.serial", "cpu.process_pool");
    registry.ratio("cpu.speedup.mpi", "speedup, MPI ranks", "cpu.serial", "cpu.mpi");
}

}  // namespace bench
