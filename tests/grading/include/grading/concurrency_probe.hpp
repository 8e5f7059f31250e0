/// @file concurrency_probe.hpp
/// @brief Structural checks of concurrency that hold on any machine, without a clock.
///
/// Timing says little on a shared 2-core machine; structure says a lot. A
/// ConcurrencyProbe counts how many tasks are inside a region at once and keeps
/// the high-water mark, so a test can prove "these ran at the same time" (or "never
/// more than N at once") whatever the load.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace grading {

/// Counts the tasks inside a region at the same time.
class ConcurrencyProbe {
public:
    /// Marks one task inside the region while it lives.
    class Inside {
    public:
        explicit Inside(ConcurrencyProbe& probe) : probe_(probe) { probe_.enter(); }
        ~Inside() { probe_.leave(); }
        Inside(const Inside&) = delete;
        Inside& operator=(const Inside&) = delete;

    private:
        ConcurrencyProbe& probe_;
    };

    ConcurrencyProbe();
    /// Draws the timeline picture, when COURSE_TIMELINE_DIR asked for one.
    ~ConcurrencyProbe();
    ConcurrencyProbe(const ConcurrencyProbe&) = delete;
    ConcurrencyProbe& operator=(const ConcurrencyProbe&) = delete;

    void enter();
    void leave();

    /// Enters the region, waits until `expected` tasks are inside together, then leaves.
    ///
    /// Tasks that really run at the same time all meet here and go on at once. Tasks
    /// run one after another never meet: the first waits `patience` and gives up, and
    /// every later one gives up at once, so a serial implementation fails quickly and
    /// never hangs. Returns whether the meeting happened.
    bool rendezvous(int expected, std::chrono::milliseconds patience = std::chrono::seconds(5));

    /// The most tasks that were ever inside at once.
    int high_water_mark() const;

    /// How many tasks are inside right now.
    int inside_now() const;

private:
    struct Recording;  // who was inside when; exists only when COURSE_TIMELINE_DIR is set
    void save_picture();

    std::unique_ptr<Recording> recording_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    int inside_ = 0;
    int high_water_mark_ = 0;
    bool gave_up_ = false;
};

}  // namespace grading
