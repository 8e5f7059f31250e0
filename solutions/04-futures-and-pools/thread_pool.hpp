/// @file thread_pool.hpp
/// @brief Lab 04: a fixed-size thread pool with submit, map and shutdown (reference solution).
///
/// The C++ counterpart of Python's `concurrent.futures.ThreadPoolExecutor`. A fixed set
/// of worker threads takes jobs from one queue; each job is a `std::packaged_task`, so
/// its result, or its exception, reaches the caller through a `std::future`.
/// Everything is in this header because `submit` and `map` are templates.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace lab04 {

/// Thrown by ThreadPool::submit and ThreadPool::map once the pool has been shut down.
class PoolClosed : public std::runtime_error {
public:
    PoolClosed() : std::runtime_error("ThreadPool: cannot submit work after shutdown()") {}
};

/// A fixed number of worker threads that run submitted jobs, first in, first out.
///
/// Thread safety: submit, map and shutdown may be called from any thread at the same
/// time, including from inside a job running on the pool (but see shutdown).
class ThreadPool {
public:
    /// Starts `workers` threads that wait for jobs.
    /// @throws std::invalid_argument if `workers` is 0.
    explicit ThreadPool(unsigned workers);

    /// Calls shutdown(true): every job already submitted runs before the pool is gone.
    ~ThreadPool();

    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    /// Schedules `f(args...)` on a worker and returns the future of its result.
    ///
    /// Like `std::async` and `std::thread`, the pool keeps its own copies of `f` and
    /// `args` (moved when they are rvalues), so the caller's variables may go away
    /// before the job runs; pass `std::ref(x)` to share `x` instead. If the call
    /// throws, `get()` on the future rethrows that exception in the caller.
    /// @throws PoolClosed after shutdown().
    template <class F, class... Args>
    auto submit(F&& f, Args&&... args) -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>>;

    /// Calls `f(input)` for every input on the pool and returns the results in input
    /// order, whatever order the calls finish in.
    ///
    /// `f` is shared by the workers, so calling it from several threads at once must be
    /// safe. If calls throw, map still waits for every call to finish, then rethrows the
    /// exception of the first failing input. Do not call map from inside a job on the
    /// same pool: with every worker waiting for the others, nobody is left to run them.
    /// @throws PoolClosed after shutdown() (with a non-empty input).
    template <class F, class T>
    auto map(F&& f, const std::vector<T>& inputs) -> std::vector<std::invoke_result_t<F&, const T&>>;

    /// Stops accepting jobs. Jobs already submitted still run.
    ///
    /// With `wait == true`, returns only when every submitted job has finished and every
    /// worker has exited; with `wait == false`, returns at once (the destructor joins
    /// the workers later). Calling it again is harmless. A job must not call
    /// shutdown(true) on its own pool: it would wait for itself.
    void shutdown(bool wait = true);

    /// The number of worker threads, as given to the constructor.
    unsigned worker_count() const { return worker_count_; }

private:
    /// Adds one job to the queue and wakes a worker. @throws PoolClosed after shutdown().
    void enqueue(std::function<void()> job);

    /// What every worker thread runs: take a job, run it, repeat until closed and drained.
    void worker_loop();

    const unsigned worker_count_;
    std::mutex mutex_;                          // guards queue_ and closed_
    std::condition_variable work_or_closed_;    // signalled when a job arrives or on shutdown
    std::deque<std::function<void()>> queue_;   // jobs not started yet, oldest first
    bool closed_ = false;                       // set once by shutdown()
    std::mutex join_mutex_;                     // one joiner at a time; guards workers_
    std::vector<std::thread> workers_;
};

// ---- non-template members ----------------------------------------------------------

inline ThreadPool::ThreadPool(unsigned workers) : worker_count_(workers) {
    if (workers == 0) throw std::invalid_argument("ThreadPool: needs at least one worker");
    workers_.reserve(workers);
    try {
        for (unsigned i = 0; i < workers; ++i) workers_.emplace_back(&ThreadPool::worker_loop, this);
    } catch (...) {
        // Starting thread i failed (std::system_error): the threads already started must
        // be stopped and joined, or their std::thread destructors call std::terminate.
        shutdown(true);
        throw;
    }
}

inline ThreadPool::~ThreadPool() { shutdown(true); }

inline void ThreadPool::enqueue(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (closed_) throw PoolClosed();
        queue_.push_back(std::move(job));
    }
    // Notify after unlocking, so the woken worker does not block at once on our lock.
    work_or_closed_.notify_one();
}

inline void ThreadPool::worker_loop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            // The predicate form re-checks after every wake-up: spurious wake-ups happen,
            // and another worker may have taken the job we were woken for.
            work_or_closed_.wait(lock, [this] { return closed_ || !queue_.empty(); });
            if (queue_.empty()) return;  // closed and drained: queued work is never dropped
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        // Run the job without the lock: other workers keep taking jobs meanwhile, and a
        // job may itself call submit(). A packaged_task never throws here: it stores
        // the exception in its future instead.
        job();
    }
}

inline void ThreadPool::shutdown(bool wait) {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    work_or_closed_.notify_all();  // every sleeping worker must wake up to see closed_
    if (!wait) return;
    // A second caller waits here until the first has joined everyone, so shutdown(true)
    // never returns while jobs still run.
    std::lock_guard lock(join_mutex_);
    for (std::thread& worker : workers_)
        if (worker.joinable()) worker.join();
}

// ---- templates ------------------------------------------------------------------

template <class F, class... Args>
auto ThreadPool::submit(F&& f, Args&&... args)
    -> std::future<std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>> {
    using Result = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
    // The pool's own copies of f and args, moved into the call when it runs.
    auto call = [f = std::forward<F>(f), ... args = std::forward<Args>(args)]() mutable -> Result {
        return std::invoke(std::move(f), std::move(args)...);
    };
    // std::function needs a copyable callable and packaged_task is move-only, so the
    // task lives on the heap, shared by the one copy of the job in the queue.
    auto task = std::make_shared<std::packaged_task<Result()>>(std::move(call));
    std::future<Result> future = task->get_future();
    enqueue([task] { (*task)(); });
    return future;
}

template <class F, class T>
auto ThreadPool::map(F&& f, const std::vector<T>& inputs) -> std::vector<std::invoke_result_t<F&, const T&>> {
    using Result = std::invoke_result_t<F&, const T&>;
    static_assert(!std::is_void_v<Result>, "map needs a function that returns a value");
    std::vector<std::future<Result>> futures;
    futures.reserve(inputs.size());
    // The jobs borrow f and the inputs by reference. That is safe only because map
    // waits for every job it submitted before returning or throwing.
    auto wait_all = [&futures] {
        for (auto& future : futures) future.wait();
    };
    try {
        for (const T& input : inputs) futures.push_back(submit([&f, &input] { return std::invoke(f, input); }));
    } catch (...) {  // PoolClosed halfway through: the jobs already queued still borrow f
        wait_all();
        throw;
    }
    wait_all();
    std::vector<Result> results;
    results.reserve(inputs.size());
    for (auto& future : futures) results.push_back(future.get());  // input order; rethrows
    return results;
}

}  // namespace lab04
