/// @file tiny_event_loop.cpp
/// @brief An event loop from scratch: a ready queue, a timer heap, and coroutines that sleep. What asyncio.run does inside.
///
/// The whole loop is the class Loop below. spawn() puts a coroutine in the ready
/// queue. `co_await loop.sleep(d)` parks the coroutine in a min-heap of timers, keyed
/// by when it is due, and hands control back to the loop. run() resumes everything that
/// is ready; when nothing is, it blocks in ONE place until the earliest timer is due,
/// then moves the due coroutines back to the ready queue. A real loop (asyncio's, or
/// Asio's io_context) blocks in epoll_wait with that timeout, so that sockets can wake
/// it too; otherwise it is this.
#include <chrono>
#include <coroutine>
#include <cstdio>
#include <deque>
#include <exception>
#include <functional>
#include <queue>
#include <thread>
#include <vector>

#include "course/timing.hpp"

using namespace std::chrono_literals;
using course::Clock;

// A fire-and-forget coroutine: it starts suspended (the loop starts it) and frees its
// own frame when it ends (final_suspend does not suspend).
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

class Loop {
public:
    void spawn(Job job) { ready_.push_back(job.handle); }

    // An awaiter: suspending files the coroutine under its due time.
    auto sleep(Clock::duration duration) {
        struct Sleep {
            Loop& loop;
            Clock::time_point due;
            bool await_ready() const noexcept { return false; }
            void await_suspend(std::coroutine_handle<> handle) { loop.timers_.push({due, handle}); }
            void await_resume() const noexcept {}
        };
        return Sleep{*this, Clock::now() + duration};
    }

    void run() {  // returns when no coroutine is ready or sleeping
        while (!ready_.empty() || !timers_.empty()) {
            while (!ready_.empty()) {  // run every ready coroutine up to its next co_await
                const auto handle = ready_.front();
                ready_.pop_front();
                handle.resume();
            }
            if (timers_.empty()) break;
            std::this_thread::sleep_until(timers_.top().due);  // the only place the loop blocks
            ++blocked_;
            while (!timers_.empty() && timers_.top().due <= Clock::now()) {
                ready_.push_back(timers_.top().handle);
                timers_.pop();
            }
        }
    }
    int times_blocked() const { return blocked_; }

private:
    struct Timer {
        Clock::time_point due;
        std::coroutine_handle<> handle;
        bool operator>(const Timer& other) const { return due > other.due; }
    };
    std::deque<std::coroutine_handle<>> ready_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;  // earliest on top
    int blocked_ = 0;
};

Clock::time_point start;
double since_start() { return course::Millis(Clock::now() - start).count(); }

Job download(Loop& loop, const char* name, int parts, int ms_per_part, int& finished) {
    for (int part = 1; part <= parts; ++part) {
        std::printf("%6.1f ms  %-6s asks for part %d, then sleeps %d ms\n", since_start(), name, part, ms_per_part);
        co_await loop.sleep(std::chrono::milliseconds(ms_per_part));
    }
    std::printf("%6.1f ms  %-6s is done\n", since_start(), name);
    ++finished;
}

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: tiny_event_loop   (no arguments)\n");
        return 2;
    }
    Loop loop;
    int finished = 0;
    start = Clock::now();
    loop.spawn(download(loop, "big", 1, 300, finished));    // 300 ms of waiting
    loop.spawn(download(loop, "small", 3, 100, finished));  // 3 x 100 ms
    loop.spawn(download(loop, "medium", 2, 100, finished)); // 2 x 100 ms
    loop.run();  // asyncio.run(...): drive them all until none is left
    const double total = since_start();

    std::printf("\n3 coroutines waited 300 + 300 + 200 = 800 ms in all; on one thread the run took %.1f ms.\n",
                total);
    std::printf("The loop blocked %d times, each time until the next timer was due.\n", loop.times_blocked());
    const bool ok = finished == 3;
    if (total < 500)
        std::printf("check: all 3 finished (%d) and their waits overlapped (under 500 ms): %s\n", finished,
                    ok ? "yes" : "NO");
    else
        std::printf("check: all 3 finished: %s; the waits did NOT overlap in this run (%.1f ms; a busy machine?)\n",
                    ok ? "yes" : "NO", total);
    return ok ? 0 : 1;
}
