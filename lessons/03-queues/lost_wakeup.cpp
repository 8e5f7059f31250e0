/// @file lost_wakeup.cpp
/// @brief A notification sent before anyone waits is lost; a predicate wait cannot miss it.
///
/// A condition variable has no memory: notify_one() wakes a thread that is waiting *now*,
/// and does nothing at all if none is. So the thing being waited for must live in a variable
/// guarded by the mutex, and the waiter checks that variable before (and after) sleeping.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <latch>
#include <mutex>
#include <thread>

#include "course/timing.hpp"

using namespace std::chrono_literals;

namespace {

std::mutex mutex;
std::condition_variable changed;
bool done = false;  // the state the waiter really cares about, guarded by `mutex`

// WRONG: waits for a notification instead of a condition. The worker finishes and
// notifies before main starts waiting, so main sleeps until its timeout. (Without the
// timeout it would sleep forever: the classic lost wake-up, and a hung program.)
bool wait_for_the_notification() {
    std::latch notified(1);
    std::jthread worker([&] {
        changed.notify_one();  // nobody is waiting yet: this wakes no one and is forgotten
        notified.count_down();
    });
    notified.wait();  // main was busy elsewhere until after the notification
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 300ms) == std::cv_status::no_timeout;
}

// RIGHT: the worker changes the state under the mutex, then notifies. The waiter checks
// the state first, so it does not sleep at all if the work is already done; wait() with
// a predicate re-checks it after every wake-up, so a spurious one cannot fool it either.
bool wait_for_the_condition() {
    std::latch notified(1);
    std::jthread worker([&] {
        {
            std::lock_guard lock(mutex);
            done = true;
        }
        changed.notify_one();
        notified.count_down();
    });
    notified.wait();  // the same unlucky timing as above
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 300ms, [] { return done; });  // same as: while (!done) wait
}

}  // namespace

int main() {
    bool woke = true;
    const double bare_ms = course::time_ms([&] { woke = wait_for_the_notification(); });
    std::printf("bare wait:      %s after %4.0f ms\n", woke ? "woken" : "TIMED OUT", bare_ms);
    if (!woke)
        std::printf("  the worker notified before main waited; a condition variable does not remember\n"
                    "  that, so main slept until its timeout (with a plain wait() it would hang forever).\n\n");
    else
        std::printf("  something woke main early (a spurious wake-up?): the notification itself was sent\n"
                    "  before main waited, so it cannot have been what woke it. Run it again.\n\n");

    bool seen = false;
    const double predicate_ms = course::time_ms([&] { seen = wait_for_the_condition(); });
    std::printf("predicate wait: %s after %4.0f ms\n", seen ? "saw done == true" : "TIMED OUT", predicate_ms);
    if (seen)
        std::printf("  the same timing, but main checked the flag first: nothing missed.\n\n");

    const bool as_expected = !woke && seen;
    std::printf("check: the bare wait missed the notification and the predicate wait did not: %s\n",
                as_expected ? "yes" : "NO");
    return as_expected ? 0 : 1;
}
