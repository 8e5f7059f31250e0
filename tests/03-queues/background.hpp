// A call run on its own thread, which a test waits for with a time limit.
//
// Queue tests must prove that calls block (and that they stop blocking), without ever
// hanging on a broken queue. So every call that may block runs in a Background: the
// test asks "did it finish within N ms?" and fails with a message if not. A call that
// never finishes is detached and left blocked; it holds the queue through a shared_ptr,
// so nothing it touches is destroyed under it, and the test process exits normally.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

namespace lab03_testing {

using namespace std::chrono_literals;

template <class R>
class Background {
public:
    /// Starts `work()` on a new thread. `work` must own (or share) whatever it uses.
    template <class Work>
    explicit Background(Work work) : state_(std::make_shared<State>()) {
        thread_ = std::thread([state = state_, work = std::move(work)]() mutable {
            R result = work();
            std::lock_guard lock(state->mutex);
            state->result.emplace(std::move(result));
            state->finished.notify_all();
        });
    }

    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    ~Background() {
        if (finishes_within(0ms))
            thread_.join();
        else
            thread_.detach();  // still blocked in the queue: a failed test leaves it there
    }

    /// Waits up to `limit` for the call to return; true if it has.
    bool finishes_within(std::chrono::milliseconds limit) {
        std::unique_lock lock(state_->mutex);
        return state_->finished.wait_for(lock, limit, [&] { return state_->result.has_value(); });
    }

    /// Waits until `deadline` at the latest for the call to return; true if it has.
    /// Several calls awaited against one deadline share one time limit.
    bool finishes_by(std::chrono::steady_clock::time_point deadline) {
        std::unique_lock lock(state_->mutex);
        return state_->finished.wait_until(lock, deadline, [&] { return state_->result.has_value(); });
    }

    /// What the call returned; only after finishes_within() said true.
    R& result() {
        std::lock_guard lock(state_->mutex);
        return *state_->result;
    }

private:
    struct State {
        std::mutex mutex;
        std::condition_variable finished;
        std::optional<R> result;
    };
    std::shared_ptr<State> state_;
    std::thread thread_;
};

/// Runs `work()` in the background: `auto consumer = in_background([q] { return q->pop(); });`
template <class Work>
std::unique_ptr<Background<std::invoke_result_t<Work&>>> in_background(Work work) {
    return std::make_unique<Background<std::invoke_result_t<Work&>>>(std::move(work));
}

}  // namespace lab03_testing
