/// @file thread_count.cpp
/// @brief How many threads OpenMP starts: OMP_NUM_THREADS, omp_get_max_threads() and the course's usable-core count.
///
/// Without a num_threads clause, a parallel region gets omp_get_max_threads() threads:
/// OMP_NUM_THREADS if it is set, otherwise (in GCC's libgomp) one per CPU in the
/// process's affinity mask. A cgroup CPU quota (a container's --cpus) is a third limit
/// that course::usable_cores() also counts. Try:
///   OMP_NUM_THREADS=3 ./course run 10 thread_count
///   taskset -c 0 ./course run 10 thread_count
#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "course/cores.hpp"

int main() {
    const char* env = std::getenv("OMP_NUM_THREADS");
    const unsigned usable = course::usable_cores();
    const int max_threads = omp_get_max_threads();
    std::printf("OMP_NUM_THREADS                      = %s\n", env ? env : "(not set)");
    std::printf("std::thread::hardware_concurrency()  = %u\n", std::thread::hardware_concurrency());
    std::printf("omp_get_num_procs()                  = %d   (CPUs OpenMP may use: the affinity mask)\n",
                omp_get_num_procs());
    std::printf("omp_get_max_threads()                = %d   (the team size of the next parallel region)\n",
                max_threads);
    std::printf("course::usable_cores()               = %u   (affinity mask and cgroup CPU quota)\n", usable);

    int team = 0;
#pragma omp parallel
    {
#pragma omp single  // one thread of the team writes it
        team = omp_get_num_threads();
    }
    int clause_team = 0;
#pragma omp parallel num_threads(static_cast<int>(usable))
    {
#pragma omp single
        clause_team = omp_get_num_threads();
    }
    std::printf("\nA plain `#pragma omp parallel` ran with %d thread(s);\n", team);
    std::printf("`#pragma omp parallel num_threads(course::usable_cores())` with %d.\n", clause_team);

    const bool ok = team == max_threads && clause_team == static_cast<int>(usable);
    std::printf("\nCheck: the teams had the sizes asked for: %s\n", ok ? "yes" : "NO");
    if (team > static_cast<int>(usable))
        std::printf("More threads than usable cores: for CPU-bound loops they only take turns. Set\n"
                    "OMP_NUM_THREADS=%u, or pass num_threads, as the lab's kernels do.\n", usable);
    else if (team < static_cast<int>(usable))
        std::printf("Fewer threads than usable cores: some cores will sit idle in a CPU-bound loop.\n");
    else
        std::printf("One thread per usable core: the right size for CPU-bound loops.\n");
    return ok ? 0 : 1;
}
