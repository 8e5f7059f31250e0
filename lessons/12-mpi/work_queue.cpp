/// @file work_queue.cpp
/// @brief A master/worker work queue: rank 0 hands out tasks to whichever worker asks first (MPI_ANY_SOURCE).
///
/// Python's Pool.imap_unordered and a multiprocessing.Queue of jobs do this for you. Here
/// rank 0 keeps the queue; each worker sends a message saying "done, here is my result,
/// give me more", and rank 0 receives from MPI_ANY_SOURCE, so it serves whoever is free.
/// Tasks of very different sizes still keep every worker busy.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "mpi_demo.hpp"

namespace {

constexpr int task_count = 24;
constexpr int work_tag = 1;
constexpr int stop_tag = 2;
constexpr int result_tag = 3;

long long cost_of(int task) { return 50'000LL * (1 + (task * 7) % 10); }  // unequal on purpose

double run(int task) {
    double sum = 0.0;
    for (long long i = 1; i <= cost_of(task); ++i) sum += std::sqrt(static_cast<double>(i + task));
    return sum;
}

void master(int size) {
    std::vector<double> results(task_count);
    std::vector<std::string> done_by(static_cast<std::size_t>(size));
    int next = 0, working = size - 1;
    while (working > 0) {
        double message[2];  // {task finished (-1: none yet), its result}
        MPI_Status status;
        MPI_Recv(message, 2, MPI_DOUBLE, MPI_ANY_SOURCE, result_tag, MPI_COMM_WORLD, &status);
        const int worker = status.MPI_SOURCE;  // whoever asked first
        if (message[0] >= 0) {
            const int task = static_cast<int>(message[0]);
            results[static_cast<std::size_t>(task)] = message[1];
            done_by[static_cast<std::size_t>(worker)] += " " + std::to_string(task);
        }
        if (next < task_count) {
            MPI_Send(&next, 1, MPI_INT, worker, work_tag, MPI_COMM_WORLD);
            ++next;
        } else {
            MPI_Send(&next, 1, MPI_INT, worker, stop_tag, MPI_COMM_WORLD);
            --working;
        }
    }
    std::printf("%d tasks of unequal size, %d workers:\n", task_count, size - 1);
    for (int w = 1; w < size; ++w) std::printf("  rank %d did tasks%s\n", w, done_by[static_cast<std::size_t>(w)].c_str());
    int right = 0;
    for (int t = 0; t < task_count; ++t) right += results[static_cast<std::size_t>(t)] == run(t);
    std::printf("check: %d of %d results equal a serial run of the same task: %s\n", right, task_count,
                right == task_count ? "yes" : "NO");
}

void worker() {
    double message[2] = {-1.0, 0.0};  // the first message only asks for work
    for (;;) {
        MPI_Send(message, 2, MPI_DOUBLE, 0, result_tag, MPI_COMM_WORLD);
        int task = 0;
        MPI_Status status;
        MPI_Recv(&task, 1, MPI_INT, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        if (status.MPI_TAG == stop_tag) return;
        message[0] = task;
        message[1] = run(task);
    }
}

}  // namespace

int main(int argc, char** argv) {
    demo::start(argc, argv, "work_queue", 2);
    if (demo::rank() == 0)
        master(demo::size());
    else
        worker();
    MPI_Finalize();
    return 0;
}
