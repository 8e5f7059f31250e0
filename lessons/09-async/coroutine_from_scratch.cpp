/// @file coroutine_from_scratch.cpp
/// @brief A C++20 coroutine with no library at all: a promise type, co_await, co_return, and main resuming it by hand.
///
/// A function is a coroutine when its body says co_await, co_yield or co_return. Its
/// return type must name a `promise_type`, which tells the compiler what to do at the
/// start, at the end, with the returned value and with an escaping exception. Roughly,
/// the compiler turns `Task add_in_steps(int start) { body }` into:
///
///     Task add_in_steps(int start) {
///         auto* frame = new Frame{start};   // parameters and locals live on the heap,
///                                           // so they survive a suspension
///         Task task = frame->promise.get_return_object();
///         co_await frame->promise.initial_suspend();  // suspend_always: return `task` now
///         try {
///             body, where each `co_await x` becomes
///                 if (!x.await_ready()) { x.await_suspend(handle); return to the resumer; }
///                 resume point k:  the value of the expression is x.await_resume();
///             and `co_return v` becomes  frame->promise.return_value(v); goto final;
///         } catch (...) { frame->promise.unhandled_exception(); }
///     final:
///         co_await frame->promise.final_suspend();    // suspend_always: keep the frame
///     }                                               // until Task's destructor destroys it
///
/// Nothing here runs by itself: whoever holds the handle calls resume(). An event loop
/// is just a program that decides whose handle to resume next (the next demo).
#include <coroutine>
#include <cstdio>
#include <exception>
#include <utility>

class Task {
public:
    struct promise_type {
        int value = 0;
        std::exception_ptr error;
        Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
        std::suspend_always initial_suspend() noexcept { return {}; }  // lazy, like a Python coroutine object
        std::suspend_always final_suspend() noexcept { return {}; }    // keep the frame: we still read `value`
        void return_value(int v) { value = v; }                        // co_return v
        void unhandled_exception() { error = std::current_exception(); }
    };

    explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
    Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
    Task(const Task&) = delete;
    ~Task() {
        if (handle_) handle_.destroy();  // frees the frame
    }
    bool done() const { return handle_.done(); }
    void resume() { handle_.resume(); }  // runs the body until its next suspension
    int result() const {
        if (handle_.promise().error) std::rethrow_exception(handle_.promise().error);
        return handle_.promise().value;
    }

private:
    std::coroutine_handle<promise_type> handle_;
};

// An awaiter answers co_await's three questions: ready already? what to do on
// suspending? what value does the expression have on resuming?
struct NextNumber {
    int number;
    bool await_ready() const noexcept { return false; }  // no: always suspend
    void await_suspend(std::coroutine_handle<>) const noexcept {
        std::printf("      (suspended: back to main, which resumed it)\n");
    }
    int await_resume() const noexcept { return number; }  // the value of `co_await NextNumber{...}`
};

Task add_in_steps(int start) {
    std::printf("   the body starts, start = %d\n", start);
    const int a = co_await NextNumber{10};
    std::printf("   resumed with a = %d\n", a);
    const int b = co_await NextNumber{20};
    std::printf("   resumed with b = %d\n", b);
    co_return start + a + b;
}

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: coroutine_from_scratch   (no arguments)\n");
        return 2;
    }
    std::printf("1. Calling add_in_steps(1) creates the frame and runs nothing yet:\n");
    Task task = add_in_steps(1);
    std::printf("   done? %s\n", task.done() ? "yes" : "no");
    std::printf("2. main resumes it until it is done:\n");
    int resumes = 0;
    while (!task.done()) {
        ++resumes;
        std::printf("   main: resume() #%d\n", resumes);
        task.resume();
    }
    const int result = task.result();
    std::printf("3. co_return stored %d in the promise; main needed %d resume() calls.\n", result, resumes);
    const bool ok = result == 31 && resumes == 3;
    std::printf("check: 1 + 10 + 20 = %d in 3 resumptions: %s\n", result, ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
