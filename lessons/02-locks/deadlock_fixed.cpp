/// @file deadlock_fixed.cpp
/// @brief The same two-lock transfer in both directions, fixed by a global lock order and by std::scoped_lock.
#include <cstdio>
#include <functional>
#include <latch>
#include <mutex>
#include <thread>

#include "course/timing.hpp"

namespace {

struct Account {
    explicit Account(int n) : number(n) {}
    int number;  // gives every account a place in one global order
    std::mutex mutex;
    long balance = 1'000'000;
};

constexpr int rounds = 200'000;  // transfers per thread

// Fix 1: a global lock order. Every thread locks the lower-numbered account first, whatever
// the direction of the transfer, so nobody ever holds the higher one while waiting for the lower.
void transfer_ordered(Account& from, Account& to, long amount) {
    Account& low = from.number < to.number ? from : to;
    Account& high = from.number < to.number ? to : from;
    std::lock_guard lock_low(low.mutex);
    std::lock_guard lock_high(high.mutex);
    from.balance -= amount;
    to.balance += amount;
}

// Fix 2: std::scoped_lock takes both mutexes as one step (the std::lock algorithm: lock one,
// try the other, and if it is busy let go of the first and start again from the busy one).
void transfer_scoped(Account& from, Account& to, long amount) {
    std::scoped_lock both(from.mutex, to.mutex);
    from.balance -= amount;
    to.balance += amount;
}

// Thread 1 sends a -> b while thread 2 sends b -> a, exactly the pattern that deadlocks
// with two lock_guards taken in argument order (see deadlock.cpp).
bool both_directions(const char* name, void (*transfer)(Account&, Account&, long)) {
    Account a(1), b(2);
    std::latch start(2);
    auto send = [&](Account& from, Account& to) {
        start.arrive_and_wait();
        for (int i = 0; i < rounds; ++i) transfer(from, to, 1);
    };
    const double ms = course::time_ms([&] {
        std::jthread one(send, std::ref(a), std::ref(b));
        std::jthread two(send, std::ref(b), std::ref(a));
    });
    const bool ok = a.balance == 1'000'000 && b.balance == 1'000'000;
    std::printf("  %-28s %d transfers each way in %6.1f ms, balances %ld and %ld: %s\n", name, rounds, ms,
                a.balance, b.balance, ok ? "finished, money intact" : "WRONG");
    return ok;
}

}  // namespace

int main() {
    std::printf("Two threads transfer between the same two accounts in opposite directions:\n");
    const bool ordered = both_directions("lower account number first", transfer_ordered);
    const bool scoped = both_directions("std::scoped_lock", transfer_scoped);
    std::printf("%s\n", ordered && scoped ? "check: no deadlock, and every cent is where it should be."
                                          : "check FAILED: a balance is wrong");
    std::printf("A global order also works for many locks at once (lock every account in number order);\n"
                "scoped_lock is simplest when you hold all the mutexes in your hand at one moment.\n");
    return ordered && scoped ? 0 : 1;
}
