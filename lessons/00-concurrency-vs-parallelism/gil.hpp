/// @file gil.hpp
/// @brief A global interpreter lock in miniature, and a CPU-bound job that runs under it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "course/timeline.hpp"
#include "cpu_work.hpp"

namespace lesson00 {

/// CPython's GIL in miniature: one lock that every thread of the "interpreter" must hold
/// while it computes.
///
/// Like the GIL it hands over fairly: a thread that lets go while another waits goes to
/// the back of the queue. (A plain std::mutex makes no such promise: the thread that just
/// unlocked it usually grabs it straight back, and the other starves for a while.)
class GlobalLock {
public:
    /// Takes a ticket and waits until it is served.
    void lock() {
        std::unique_lock guard(mutex_);
        const std::uint64_t my_turn = next_ticket_++;
        turn_changed_.wait(guard, [&] { return now_serving_ == my_turn; });
    }
    /// Serves the next ticket.
    void unlock() {
        {
            std::lock_guard guard(mutex_);
            ++now_serving_;
        }
        turn_changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable turn_changed_;
    std::uint64_t next_ticket_ = 0;
    std::uint64_t now_serving_ = 0;
};

constexpr int kSlices = 30;       ///< a job is 30 slices...
constexpr double kSliceMs = 5.0;  ///< ...of 5 ms each: CPython's default switch interval

/// One CPU-bound job: computes kSlices slices of `slice` crunch() iterations, holding
/// `gil` during each slice (when there is one), the way a Python thread holds the GIL
/// while it runs bytecode and offers it to the others every switch interval.
///
/// Records its first three slices in `timeline` when given one. Returns a value that
/// depends only on `slice` and `seed`, so runs can be compared.
inline std::uint64_t job(GlobalLock* gil, std::uint64_t slice, int seed, course::Timeline* timeline = nullptr) {
    std::uint64_t result = static_cast<std::uint64_t>(seed);
    for (int i = 0; i < kSlices; ++i) {
        std::unique_lock<GlobalLock> held;
        if (gil) held = std::unique_lock(*gil);
        const auto start = course::Clock::now();
        result = crunch(slice, result);
        if (timeline && i < 3)  // a close-up: the first slices are enough to see the pattern
            timeline->record("job " + std::to_string(seed) + " slice " + std::to_string(i), start,
                             course::Clock::now());
    }
    return result;
}

}  // namespace lesson00
