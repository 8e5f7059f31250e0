/// @file async_policies.cpp
/// @brief std::async with launch::async starts a thread now; launch::deferred runs the call later, in get().
///
/// Python's executor.submit() always hands the call to a worker. std::async lets you
/// choose: `launch::async` runs it on a new thread at once, `launch::deferred` does not
/// run it at all until someone calls get() (or wait()), and then runs it right there,
/// on the thread that asked.
#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <thread>

namespace {

// Names a thread by its role, not by its raw std::thread::id (a long number that
// says nothing to a reader): "main" or "another thread".
std::thread::id main_id;
std::string role_of(std::thread::id id) { return id == main_id ? "main" : "another thread (not main)"; }

std::atomic<bool> lazy_has_run{false};

// Reports which thread ran it.
std::thread::id eager_work() { return std::this_thread::get_id(); }
std::thread::id lazy_work() {
    lazy_has_run = true;
    return std::this_thread::get_id();
}

}  // namespace

int main() {
    main_id = std::this_thread::get_id();

    std::cout << "1. std::launch::async: a new thread starts now.\n";
    std::future<std::thread::id> eager = std::async(std::launch::async, eager_work);
    const auto eager_id = eager.get();
    std::cout << "   eager_work ran on " << role_of(eager_id) << "\n\n";

    std::cout << "2. std::launch::deferred: nothing runs until get().\n";
    std::future<std::thread::id> lazy = std::async(std::launch::deferred, lazy_work);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // plenty of time, if anything were running
    const bool ran_before_get = lazy_has_run;
    std::cout << "   50 ms later, has lazy_work run? " << (ran_before_get ? "yes" : "no") << "\n";
    // A deferred future never becomes ready by itself: wait_for() says so instead of waiting.
    const bool says_deferred = lazy.wait_for(std::chrono::seconds(0)) == std::future_status::deferred;
    std::cout << "   wait_for(0s) answers future_status::" << (says_deferred ? "deferred" : "something else") << "\n";
    const auto lazy_id = lazy.get();  // runs lazy_work now, on this thread
    std::cout << "   get() ran lazy_work on " << role_of(lazy_id) << ", the thread that called get()\n\n";

    std::cout << "3. The default policy (async | deferred) lets the library choose.\n";
    auto either = std::async(eager_work);
    std::cout << "   this library chose " << (either.get() == main_id ? "deferred" : "a new thread") << "\n\n";

    const bool ok = eager_id != main_id && !ran_before_get && says_deferred && lazy_id == main_id;
    std::cout << (ok ? "check passed: " : "CHECK FAILED: ")
              << "async ran on another thread; deferred waited for get() and ran on main\n";
    return ok ? 0 : 1;
}
