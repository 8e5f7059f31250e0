/// @file lost_update.cpp
/// @brief A counter in shared memory loses updates across processes; a process-shared mutex or semaphore fixes it.
///
/// Four processes each add 1 to one counter millions of times, all starting together. Without a lock, two processes
/// read the same value and both write it back plus one: an update is lost. A
/// pthread_mutex_t made with PTHREAD_PROCESS_SHARED, or a sem_t made with
/// sem_init(&s, 1, 1), placed in the shared memory itself, lets one process in at a time
/// (Python's multiprocessing.Lock is a semaphore of this kind).
#include <pthread.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <new>

#include "course/timing.hpp"

namespace {

constexpr int processes = 4;

struct Shared {  // lives in a MAP_SHARED mapping: the same bytes in every process
    std::atomic<long> counter;
    std::atomic<bool> go;  // the children start counting together, once all are forked
    pthread_mutex_t mutex;
    sem_t semaphore;
};

// Runs `increment` per_process times in each of `processes` children; returns the count.
template <class Increment>
long run(Shared& shared, const char* label, long per_process, Increment increment) {
    shared.counter = 0;
    shared.go = false;
    const double ms = course::time_ms([&] {
        for (int p = 0; p < processes; ++p)
            if (fork() == 0) {
                while (!shared.go.load()) {
                }
                for (long i = 0; i < per_process; ++i) increment();
                _exit(0);
            }
        shared.go = true;
        for (int p = 0; p < processes; ++p) wait(nullptr);
    });
    const long total = shared.counter.load();
    const long expected = processes * per_process;
    std::printf("%-37s %9ld of %9ld (%5.2f%% lost) in %6.1f ms\n", label, total, expected,
                100.0 * static_cast<double>(expected - total) / static_cast<double>(expected), ms);
    return expected - total;
}

}  // namespace

int main() {
    void* memory = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return 1;
    auto& shared = *new (memory) Shared{};

    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);  // without it: one process only
    pthread_mutex_init(&shared.mutex, &attributes);
    pthread_mutexattr_destroy(&attributes);
    sem_init(&shared.semaphore, /*pshared=*/1, /*value=*/1);

    std::printf("%d processes add 1 to one counter in shared memory, many times each\n", processes);
    // Read, then write back plus one: two separate steps, as `counter += 1` is in Python.
    const long racy = run(shared, "no lock (load, then store):", 10'000'000, [&] {
        shared.counter.store(shared.counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    });
    const long locked = run(shared, "process-shared pthread mutex:", 1'000'000, [&] {
        pthread_mutex_lock(&shared.mutex);
        shared.counter.store(shared.counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        pthread_mutex_unlock(&shared.mutex);
    });
    const long counted = run(shared, "process-shared semaphore (sem_init):", 1'000'000, [&] {
        sem_wait(&shared.semaphore);
        shared.counter.store(shared.counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        sem_post(&shared.semaphore);
    });
    sem_destroy(&shared.semaphore);
    pthread_mutex_destroy(&shared.mutex);
    munmap(memory, sizeof(Shared));

    if (racy > 0)
        std::printf("without a lock, %ld updates were lost: processes overwrote each other's writes\n", racy);
    else
        std::printf("without a lock, no update was lost this time; the race is still there (try again, or on more cores)\n");
    const bool ok = locked == 0 && counted == 0;
    std::printf("%s\n", ok ? "check passed: with the mutex or the semaphore every update counted"
                           : "CHECK FAILED: an update was lost although a lock was held");
    return ok ? 0 : 1;
}
