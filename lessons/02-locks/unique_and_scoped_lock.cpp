/// @file unique_and_scoped_lock.cpp
/// @brief unique_lock unlocks early and tries without waiting; scoped_lock takes two mutexes at once.
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

// A mailbox shared by threads: the vector is only touched with `mutex` held.
struct Mailbox {
    std::mutex mutex;
    std::vector<std::string> letters;
};

// unique_lock is a lock_guard that can also let go before the end of its scope.
// Take the letters out under the lock, unlock, then do the slow part unlocked, so the
// senders are not kept waiting while we read.
void read_all(Mailbox& box) {
    std::unique_lock lock(box.mutex);
    std::vector<std::string> mine;
    mine.swap(box.letters);  // fast: just pointers change hands
    lock.unlock();           // from here on, senders can post again
    for (const auto& letter : mine) std::printf("  read: %s\n", letter.c_str());  // slow: I/O
}

}  // namespace

int main() {
    // 1. unique_lock: unlock early.
    Mailbox box;
    std::printf("1. unique_lock, unlocking before the slow work:\n");
    std::thread sender([&] {
        for (int i = 1; i <= 3; ++i) {
            std::lock_guard lock(box.mutex);  // lock_guard is enough when the scope is the whole job
            box.letters.push_back("letter " + std::to_string(i));
        }
    });
    sender.join();
    read_all(box);

    // 2. unique_lock with try_to_lock: if the mutex is busy, do something else instead of waiting.
    std::printf("2. unique_lock with std::try_to_lock:\n");
    {
        std::lock_guard someone_else(box.mutex);  // pretend another thread holds it...
        std::thread asker([&] {                   // ...and ask from another thread (never re-lock your own)
            std::unique_lock attempt(box.mutex, std::try_to_lock);
            std::printf("  owns_lock() = %s: %s\n", attempt.owns_lock() ? "true" : "false",
                        attempt.owns_lock() ? "got it" : "busy, so we skip this round instead of blocking");
        });
        asker.join();
    }

    // 3. scoped_lock: two mutexes at once, in any order, without deadlock.
    // Two threads swap the same two mailboxes, naming them in opposite orders. With two
    // lock_guards taken one after the other this can deadlock (see deadlock.cpp);
    // scoped_lock takes both or neither, backing off and retrying when one is busy.
    std::printf("3. scoped_lock, two threads swapping two mailboxes in opposite orders:\n");
    Mailbox left, right;
    left.letters = {"L"};
    right.letters = {"R"};
    constexpr int swaps = 100'000;  // per thread: an even total, so the letters end where they began
    auto swap_boxes = [](Mailbox& a, Mailbox& b) {
        for (int i = 0; i < swaps; ++i) {
            std::scoped_lock both(a.mutex, b.mutex);
            std::swap(a.letters, b.letters);
        }
    };
    {
        std::jthread one(swap_boxes, std::ref(left), std::ref(right));
        std::jthread two(swap_boxes, std::ref(right), std::ref(left));
    }
    const bool ok = left.letters == std::vector<std::string>{"L"} && right.letters == std::vector<std::string>{"R"};
    std::printf("  %d swaps done, no deadlock; left holds %s, right holds %s\n", 2 * swaps,
                left.letters.at(0).c_str(), right.letters.at(0).c_str());
    std::printf("%s\n", ok ? "check: every swap was whole (no letter lost or duplicated)." : "check FAILED");
    return ok ? 0 : 1;
}
