/// @file fiber_mutex_cv.cpp
/// @brief boost::fibers::mutex and condition_variable: lesson 02's and 03's tools, for fibers.
///
/// Fibers of one thread never run at the same time, so a critical section without any
/// suspension point needs no lock at all. A critical section that suspends (here a
/// simulated I/O wait in the middle of a read-modify-write) does: another fiber runs
/// meanwhile and its update is lost. A std::mutex is the wrong fix (it would block the
/// whole thread, and a second lock() by another fiber of the same thread deadlocks);
/// boost::fibers::mutex suspends only the fiber that waits. The same goes for waiting on
/// a condition: boost::fibers::condition_variable.
#include <boost/fiber/all.hpp>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <vector>

using namespace std::chrono_literals;

namespace {

// Ten fibers each add 1 to a balance five times, with an I/O wait between the read and
// the write; with `locked`, the whole update holds a fiber mutex.
int deposits(bool locked) {
    int balance = 0;
    boost::fibers::mutex mutex;
    std::vector<boost::fibers::fiber> fibers;
    for (int f = 0; f < 10; ++f)
        fibers.emplace_back([&] {
            for (int i = 0; i < 5; ++i) {
                std::unique_lock lock(mutex, std::defer_lock);
                if (locked) lock.lock();
                const int read = balance;
                boost::this_fiber::sleep_for(1ms);  // e.g. writing an audit log
                balance = read + 1;
            }
        });
    for (auto& fiber : fibers) fiber.join();
    return balance;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: fiber_mutex_cv   (no arguments)\n");
        return 2;
    }
    const int unlocked = deposits(false), locked = deposits(true);
    std::printf("10 fibers x 5 deposits of 1, with a suspension between read and write:\n");
    std::printf("  without a lock:            balance %2d (expected 50)\n", unlocked);
    std::printf("  with boost::fibers::mutex: balance %2d (expected 50)\n", locked);

    // A condition variable: three workers wait (suspended) until the main fiber says go.
    boost::fibers::mutex mutex;
    boost::fibers::condition_variable go_changed;
    bool go = false;
    int started = 0;
    std::vector<boost::fibers::fiber> workers;
    for (int w = 0; w < 3; ++w)
        workers.emplace_back([&] {
            std::unique_lock lock(mutex);
            go_changed.wait(lock, [&] { return go; });  // the same predicate rule as lesson 03
            ++started;
        });
    boost::this_fiber::sleep_for(10ms);  // the workers run now, and wait
    const int before = started;
    {
        std::lock_guard lock(mutex);
        go = true;
    }
    go_changed.notify_all();
    for (auto& worker : workers) worker.join();
    std::printf("\ncondition variable: %d of 3 workers went on before the signal, %d after it\n", before, started);

    const bool ok = unlocked < 50 && locked == 50 && before == 0 && started == 3;
    std::printf("check: the unlocked updates were lost, the locked ones were not, and the workers waited: %s\n",
                ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
