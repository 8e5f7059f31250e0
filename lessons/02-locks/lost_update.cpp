/// @file lost_update.cpp
/// @brief Two threads add to one counter without a lock, and some of their additions vanish.
//
// `counter = counter + 1` is three steps: read, add, write. When two threads interleave
// them, both read the same old value and one of the two writes is lost. This is a data
// race, which C++ calls undefined behaviour: the wrong total is only the mildest outcome.
// Run it under ThreadSanitizer to see the race reported: ./course run 02 lost_update --tsan
#include <cstdio>
#include <latch>
#include <thread>

namespace {

constexpr long increments = 20'000'000;  // per thread: long enough for the two loops to overlap

// volatile makes every `counter = counter + 1` a real read and a real write, as it is in
// a bigger program; without it the optimiser may add a million at once and hide the race.
// volatile does NOT make the counter safe between threads: it is still a data race.
volatile long counter = 0;

void add_many(std::latch& start) {
    start.arrive_and_wait();  // both threads begin together, so their loops overlap
    for (long i = 0; i < increments; ++i) counter = counter + 1;  // read, add, write: not one step
}

}  // namespace

int main() {
    std::latch start(2);
    {
        std::jthread first(add_many, std::ref(start));
        std::jthread second(add_many, std::ref(start));
    }  // both threads are joined here

    const long expected = 2 * increments;
    const long got = counter;
    std::printf("expected total: %ld\n", expected);
    std::printf("actual total:   %ld\n", got);
    if (got < expected)
        std::printf("lost %ld updates (%.1f%%): both threads read the same value, and one write overwrote the other.\n",
                    expected - got, 100.0 * static_cast<double>(expected - got) / static_cast<double>(expected));
    else
        std::printf("no update was lost this time: the threads happened not to overlap (one core?). Run it again.\n");
    std::printf("The fix is a lock around the read-add-write, or one indivisible atomic add: see mutex_vs_atomic.\n");
    return 0;  // the race is the lesson, not a failure of the demo
}
