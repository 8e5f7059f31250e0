/// @file deadlock.cpp
/// @brief Two threads take two locks in opposite orders and deadlock; a timeout detects it.
//
// Thread A locks `first` then wants `second`; thread B locks `second` then wants `first`.
// Once each holds its first lock, each waits for the other's: forever. Here the second
// lock is a std::timed_mutex asked for with try_lock_for, so the wait gives up after a
// while and the program can say what happened instead of hanging your terminal.
#include <chrono>
#include <cstdio>
#include <latch>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

namespace {

std::timed_mutex first, second;
std::latch both_hold_one(2);  // makes the bad interleaving certain, not just likely

void take(const char* who, std::timed_mutex& mine, const char* mine_name, std::timed_mutex& theirs,
          const char* their_name, std::chrono::milliseconds patience) {
    std::unique_lock hold(mine);
    std::printf("  %s locked %s\n", who, mine_name);
    both_hold_one.arrive_and_wait();  // wait until the other thread holds its first lock too

    std::unique_lock want(theirs, std::defer_lock);
    if (want.try_lock_for(patience)) {
        std::printf("  %s locked %s at last, because the other thread gave up and let go of it\n", who, their_name);
    } else {
        std::printf("  %s waited %lld ms for %s, held by the other thread, which waits for %s: DEADLOCK detected.\n"
                    "  %s gives up and unlocks %s\n",
                    who, static_cast<long long>(patience.count()), their_name, mine_name, who, mine_name);
    }
}  // `hold` unlocks here

}  // namespace

int main() {
    std::printf("thread A: lock first, then second.  thread B: lock second, then first.\n");
    {
        // A is less patient than B, so A gives up first and B can finish: "back off and retry".
        std::jthread a(take, "A", std::ref(first), "first", std::ref(second), "second", 300ms);
        std::jthread b(take, "B", std::ref(second), "second", std::ref(first), "first", 1000ms);
    }
    std::printf("Each thread held one lock and waited for the other's: a cycle of waiting, so neither moves.\n");
    std::printf("With plain std::mutex::lock() the program would hang here forever.\n");
    std::printf("Fix: take locks in one global order (every thread locks `first` before `second`), or\n"
                "take both at once with std::scoped_lock(first, second). See deadlock_fixed.\n");
    return 0;
}
