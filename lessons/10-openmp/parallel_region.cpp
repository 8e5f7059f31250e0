/// @file parallel_region.cpp
/// @brief `#pragma omp parallel` starts a team of threads; `parallel for` shares a loop's iterations among them.
///
/// One directive before a block runs that block on every thread of a team; one before a
/// `for` loop splits the loop's iterations between them (in contiguous blocks unless a
/// schedule says otherwise). Try `OMP_NUM_THREADS=3 ./course run 10 parallel_region`.
#include <omp.h>

#include <cstdio>
#include <vector>

int main() {
    // 1. parallel: the block below runs once on EVERY thread of the team. The order of
    //    the lines changes from run to run: the threads really run at the same time.
    std::printf("#pragma omp parallel: every thread runs the block\n");
#pragma omp parallel
    {
        const int me = omp_get_thread_num();     // 0 .. team size - 1; 0 is the thread that started it
        const int team = omp_get_num_threads();  // the team's size
        std::printf("  hello from thread %d of %d\n", me, team);  // printf: one call, one line
    }

    // 2. parallel for: the iterations are SHARED, each runs exactly once, on some thread.
    constexpr int n = 12;
    std::vector<int> owner(n, -1);
#pragma omp parallel for num_threads(3)
    for (int i = 0; i < n; ++i) owner[i] = omp_get_thread_num();  // each i has its own slot: no race

    std::printf("\n#pragma omp parallel for num_threads(3): who ran each of %d iterations\n  ", n);
    for (int i = 0; i < n; ++i) std::printf("i=%-2d ", i);
    std::printf("\n  ");
    for (int i = 0; i < n; ++i) std::printf("T%-3d ", owner[i]);
    std::printf("\n");

    // Each iteration ran exactly once, on one of the 3 threads.
    bool ok = true;
    for (int who : owner) ok = ok && who >= 0 && who < 3;
    bool blocks = true;  // did each thread get one contiguous block, in thread order?
    for (int i = 1; i < n; ++i) blocks = blocks && owner[i] >= owner[i - 1];
    std::printf("\nCheck: every iteration ran once, on thread 0, 1 or 2: %s\n", ok ? "yes" : "NO");
    if (blocks)
        std::printf("Each thread got one contiguous block of iterations: with no schedule clause,\n"
                    "GCC's libgomp uses schedule(static), n / threads iterations per thread.\n");
    else
        std::printf("The iterations were not handed out in contiguous blocks this time.\n");
    return ok ? 0 : 1;
}
