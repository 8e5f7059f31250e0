/// @file message_passing.cpp
/// @brief Release/acquire: publish plain data through one atomic flag, and what relaxed is (and is not) safe for.
///
/// A producer fills a plain struct, then sets an atomic flag with memory_order_release.
/// A consumer waits until it reads the flag with memory_order_acquire, then reads the
/// struct. The pair creates a happens-before edge: every write before the release is
/// visible after the acquire. Part 2 counts events with memory_order_relaxed, which is
/// enough for a counter nobody uses to publish other data.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Message {  // plain data: no atomics, no lock
    int id = 0;
    std::string text;
};

}  // namespace

int main() {
    constexpr int rounds = 2000;
    bool ok = true;

    std::printf("1. release/acquire: %d messages handed over through one atomic flag\n", rounds);
    Message slot;
    std::atomic<bool> full{false};
    int wrong = 0;
    std::thread consumer([&] {
        for (int r = 1; r <= rounds; ++r) {
            while (!full.load(std::memory_order_acquire)) std::this_thread::yield();  // (2) acquire
            if (slot.id != r || slot.text != "message " + std::to_string(r)) ++wrong;  // (3) read: visible
            full.store(false, std::memory_order_release);  // hand the empty slot back
        }
    });
    for (int r = 1; r <= rounds; ++r) {
        while (full.load(std::memory_order_acquire)) std::this_thread::yield();  // wait for an empty slot
        slot = {r, "message " + std::to_string(r)};  // (0) plain writes
        full.store(true, std::memory_order_release);  // (1) release: publishes (0)
    }
    consumer.join();
    std::printf("   the consumer read %d of %d messages complete and in order\n", rounds - wrong, rounds);
    ok = ok && wrong == 0;

    std::printf("2. relaxed: 4 threads count 100000 events each on one atomic counter\n");
    std::atomic<long> events{0};
    {
        std::vector<std::jthread> counters;
        for (int t = 0; t < 4; ++t)
            counters.emplace_back([&] {
                for (int i = 0; i < 100'000; ++i) events.fetch_add(1, std::memory_order_relaxed);
            });
    }  // join: everything the threads did is visible to main now
    const bool exact = events.load() == 400'000;
    std::printf("   total %ld: %s\n", events.load(),
                exact ? "no increment lost, because fetch_add is one indivisible read-modify-write"
                      : "INCREMENTS LOST, which an atomic fetch_add must prevent");
    ok = ok && exact;
    std::printf("   relaxed orders nothing else: it is right for counters and statistics read after a join,\n"
                "   wrong for a flag that says \"the data is ready\" (that needs release/acquire, part 1)\n");

    std::printf("%s\n", ok ? "check passed: every message arrived whole, and the count is exact"
                           : "CHECK FAILED: a message or a count was wrong");
    return ok ? 0 : 1;
}
