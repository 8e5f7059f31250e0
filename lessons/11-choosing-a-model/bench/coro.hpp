/// @file coro.hpp
/// @brief The C++20 coroutine types the benchmark times: a lazy task, a ticker, and a one-thread event loop with timers.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <queue>
#include <thread>
#include <utility>
#include <vector>

#include "course/timing.hpp"

namespace bench {

/// A coroutine that starts suspended and stays suspended at its end, so its owner decides
/// when it runs and when its frame is freed (the frame is the whole cost of a coroutine).
struct Lazy {
    struct promise_type {
        Lazy get_return_object() { return Lazy{std::coroutine_handle<promise_type>::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
    explicit Lazy(std::coroutine_handle<promise_type> h) : handle(h) {}
    Lazy(Lazy&& other) noexcept : handle(std::exchange(other.handle, {})) {}
    Lazy& operator=(Lazy&&) = delete;
    ~Lazy() {
        if (handle) handle.destroy();
    }
    std::coroutine_handle<promise_type> handle;
};

/// An event loop on one thread: coroutines that `co_await loop.sleep_until(t)` park in a
/// timer heap; run() sleeps until the earliest is due and resumes every due one.
class Loop {
public:
    /// A fire-and-forget coroutine: the loop starts it, it frees its own frame at the end.
    struct Job {
        struct promise_type {
            Job get_return_object() { return Job{std::coroutine_handle<promise_type>::from_promise(*this)}; }
            std::suspend_always initial_suspend() noexcept { return {}; }
            std::suspend_never final_suspend() noexcept { return {}; }
            void return_void() {}
            void unhandled_exception() { std::terminate(); }
        };
        std::coroutine_handle<promise_type> handle;
    };

    void spawn(Job job) { ready_.push_back(job.handle); }

    auto sleep_until(course::Clock::time_point due) {
        struct Sleep {
            Loop& loop;
            course::Clock::time_point due;
            bool await_ready() const noexcept { return false; }
            void await_suspend(std::coroutine_handle<> h) { loop.timers_.push({due, h}); }
            void await_resume() const noexcept {}
        };
        return Sleep{*this, due};
    }
    auto sleep_for(course::Clock::duration d) { return sleep_until(course::Clock::now() + d); }

    void run() {
        while (!ready_.empty() || !timers_.empty()) {
            for (std::size_t i = 0; i < ready_.size(); ++i) ready_[i].resume();  // may grow: index, not iterator
            ready_.clear();
            if (timers_.empty()) break;
            std::this_thread::sleep_until(timers_.top().due);
            const auto now = course::Clock::now();
            while (!timers_.empty() && timers_.top().due <= now) {
                ready_.push_back(timers_.top().handle);
                timers_.pop();
            }
        }
    }

private:
    struct Timer {
        course::Clock::time_point due;
        std::coroutine_handle<> handle;
        bool operator>(const Timer& other) const { return due > other.due; }
    };
    std::vector<std::coroutine_handle<>> ready_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
};

}  // namespace bench
