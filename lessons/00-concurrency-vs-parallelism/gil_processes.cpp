/// @file gil_processes.cpp
/// @brief Python's way around the GIL: two processes, each with its own global lock, compute in parallel.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <thread>

#include "course/cores.hpp"
#include "course/timing.hpp"
#include "gil.hpp"

using lesson00::GlobalLock;
using lesson00::job;

int main() {
    const std::uint64_t slice = lesson00::iterations_for_ms(lesson00::kSliceMs);
    std::cout << std::fixed << std::setprecision(0) << "Two CPU-bound jobs of "
              << lesson00::kSlices * lesson00::kSliceMs << " ms each; this process may use "
              << course::usable_cores() << " core(s).\n\n";

    // Processes share no memory unless asked to: this one page, mapped shared before
    // fork(), is where the children leave their results (lesson 07 does this properly).
    auto* from_children = static_cast<std::uint64_t*>(
        mmap(nullptr, 2 * sizeof(std::uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    if (from_children == MAP_FAILED) {
        std::perror("mmap");
        return 1;
    }
    // Forked before any thread exists: fork() copies only the calling thread.
    const double processes_ms = course::time_ms([&] {
        for (int seed : {1, 2}) {
            std::cout.flush();  // or the child would inherit, and print again, unflushed output
            const pid_t child = fork();
            if (child < 0) {
                std::perror("fork");
                std::exit(1);
            }
            if (child == 0) {
                GlobalLock own_gil;  // a new process: a new interpreter with its own GIL
                from_children[seed - 1] = job(&own_gil, slice, seed);
                _exit(0);
            }
        }
        int status = 0;
        while (wait(&status) > 0) {}  // until no child is left
    });

    std::uint64_t from_threads[2];
    GlobalLock shared_gil;  // one process: one interpreter, one GIL for all its threads
    const double threads_ms = course::time_ms([&] {
        std::jthread first([&] { from_threads[0] = job(&shared_gil, slice, 1); });
        std::jthread second([&] { from_threads[1] = job(&shared_gil, slice, 2); });
    });

    std::cout << "2 threads in one process, one global lock:         " << std::setw(5) << threads_ms << " ms\n"
              << "2 processes, each with its own global lock:        " << std::setw(5) << processes_ms << " ms\n"
              << std::setprecision(1);
    const double ratio = threads_ms / processes_ms;
    if (course::usable_cores() < 2)
        std::cout << "\nWith 1 usable core the processes could not run at the same time either: " << ratio
                  << "x.\nOn 2 or more cores each process would get a core of its own.\n";
    else if (ratio >= 1.3)
        std::cout << "\nThe processes were " << ratio
                  << "x as fast: no lock is shared, so each job ran on a core of its own.\n";
    else
        std::cout << "\nThe processes were only " << ratio << "x as fast this time. Each has its own lock, so\n"
                     "they can run at once; other programs were probably busy on this machine's\n"
                     "cores. The figures are noisy: run it again when the machine is quiet.\n";
    std::cout << "One lock per process is why CPU-bound Python (with a GIL) uses multiprocessing.\n"
                 "The price: starting a process costs more than starting a thread, and results must\n"
                 "be copied between processes (Python pickles them) instead of simply shared.\n";

    const bool same = from_children[0] == from_threads[0] && from_children[1] == from_threads[1];
    std::cout << "\nCheck: processes and threads computed the same results: " << (same ? "yes" : "NO") << "\n";
    munmap(from_children, 2 * sizeof(std::uint64_t));
    return same ? 0 : 1;
}
