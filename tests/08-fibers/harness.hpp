// Test helpers for lab 08: a fiber-safe concurrency probe, and a call run on its own
// thread that a test waits for with a time limit.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

namespace lab08_testing {

/// Counts the tasks inside a region at once and keeps the high-water mark.
///
/// The course's grading::ConcurrencyProbe waits on a std::mutex and condition variable,
/// which would block a fiber's whole thread; this one never waits. Fibers of one thread
/// would need no synchronisation at all, but atomics keep it correct if a student's code
/// runs the tasks on several threads.
class FiberProbe {
public:
    /// Marks one task inside the region while it lives.
    class Inside {
    public:
        explicit Inside(FiberProbe& probe) : probe_(probe) { probe_.enter(); }
        ~Inside() { probe_.leave(); }
        Inside(const Inside&) = delete;
        Inside& operator=(const Inside&) = delete;

    private:
        FiberProbe& probe_;
    };

    void enter() {
        const int now = ++inside_;
        int most = high_water_mark_.load();
        while (now > most && !high_water_mark_.compare_exchange_weak(most, now)) {
        }
    }
    void leave() { --inside_; }
    int high_water_mark() const { return high_water_mark_.load(); }

private:
    std::atomic<int> inside_{0};
    std::atomic<int> high_water_mark_{0};
};

/// Runs `work()` on a new thread (so it gets a fresh fiber scheduler of its own) and
/// lets the test wait for it with a time limit. A call that never finishes is detached
/// and left blocked: `work` must own (or share) whatever it uses, so nothing it touches
/// is destroyed under it, and the test process exits normally with its failure.
/// An exception thrown by `work` is rethrown by result(), in the test's own thread.
template <class R>
class Background {
public:
    template <class Work>
    explicit Background(Work work) : state_(std::make_shared<State>()) {
        thread_ = std::thread([state = state_, work = std::move(work)]() mutable {
            std::optional<R> result;
            std::exception_ptr error;
            try {
                result.emplace(work());
            } catch (...) {
                error = std::current_exception();
            }
            std::lock_guard lock(state->mutex);
            state->result = std::move(result);
            state->error = error;
            state->done = true;
            state->finished.notify_all();
        });
    }

    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    ~Background() {
        if (finishes_within(std::chrono::milliseconds(0)))
            thread_.join();
        else
            thread_.detach();  // still blocked: a failed test leaves it there
    }

    /// Waits up to `limit` for the call to return (or throw); true if it has.
    bool finishes_within(std::chrono::milliseconds limit) {
        std::unique_lock lock(state_->mutex);
        return state_->finished.wait_for(lock, limit, [&] { return state_->done; });
    }

    /// What the call returned; rethrows what it threw. Only after finishes_within() said true.
    R& result() {
        std::lock_guard lock(state_->mutex);
        if (state_->error) std::rethrow_exception(state_->error);
        return *state_->result;
    }

private:
    struct State {
        std::mutex mutex;
        std::condition_variable finished;
        bool done = false;
        std::optional<R> result;
        std::exception_ptr error;
    };
    std::shared_ptr<State> state_;
    std::thread thread_;
};

/// Runs `work()` on its own thread: `auto run = in_background([=] { return fetch_all(tasks, 5); });`
template <class Work>
std::unique_ptr<Background<std::invoke_result_t<Work&>>> in_background(Work work) {
    return std::make_unique<Background<std::invoke_result_t<Work&>>>(std::move(work));
}

}  // namespace lab08_testing
