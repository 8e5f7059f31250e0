/// @file process_pool.hpp
/// @brief Lab 07, part (a): a pool of worker processes with an order-keeping map.
///
/// The C++ counterpart of Python's `multiprocessing.Pool`: N worker processes, started
/// once with fork(), take chunks of inputs through pipes and send the results back the
/// same way. You write the bodies in process_pool.cpp marked "Task K"; each throws
/// course::NotImplemented until you do. What lives in this header is written for you:
/// the wire format (how values become bytes) and the `map` template, which cuts the
/// inputs into chunks and hands them to `run_chunks`, the function at the heart of the
/// lab. The private members are a suggestion you may change.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace lab07 {

/// Thrown by ProcessPool::map once the pool has been shut down.
class PoolClosed : public std::logic_error {
public:
    PoolClosed() : std::logic_error("ProcessPool: map() called after shutdown()") {}
};

/// What went wrong in a chunk of inputs: the base of WorkerCrashed and TaskFailed.
class ChunkError : public std::runtime_error {
public:
    /// @param what the message; it names the inputs, as first_input() and input_count() do.
    /// @param first_input the index (in map's `inputs`) of the chunk's first input
    /// @param input_count how many inputs the chunk holds
    ChunkError(const std::string& what, std::size_t first_input, std::size_t input_count)
        : std::runtime_error(what), first_input_(first_input), input_count_(input_count) {}
    /// The index (in map's `inputs`) of the first input of the chunk that failed.
    std::size_t first_input() const { return first_input_; }
    /// How many inputs that chunk held: the culprit is one of
    /// inputs[first_input() .. first_input() + input_count() - 1].
    std::size_t input_count() const { return input_count_; }

private:
    std::size_t first_input_;
    std::size_t input_count_;
};

/// Thrown by map when a worker process died while it ran a chunk (a crash, abort(),
/// a signal, or _exit). The pool has already reaped the dead worker and started a
/// replacement, so the pool keeps its worker count and map may be called again.
class WorkerCrashed : public ChunkError {
public:
    using ChunkError::ChunkError;
};

/// Thrown by map when the function threw a C++ exception in a worker. The message holds
/// the exception's what(); the worker survives and goes on with the next chunk.
class TaskFailed : public ChunkError {
public:
    using ChunkError::ChunkError;
};

/// How values travel through a pipe (written for you). Python pickles them; here a value
/// of a trivially copyable type is sent as its bytes, and a std::string as its length
/// followed by its characters. Pointers inside a value would be meaningless in another
/// process, except pointers to functions and to memory the processes share: a forked
/// child is a copy of its parent, with the same addresses.
namespace wire {

/// A type that put() and get() know how to send.
template <class T>
concept Sendable = std::is_trivially_copyable_v<T> || std::same_as<T, std::string>;

/// Appends the bytes of `value` to `out`.
template <Sendable T>
void put(std::string& out, const T& value) {
    if constexpr (std::same_as<T, std::string>) {
        put<std::uint64_t>(out, value.size());
        out += value;
    } else {
        out.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
}

/// Reads one value from the front of `in` and removes its bytes from `in`.
/// @throws std::runtime_error if `in` is too short (a truncated message).
template <Sendable T>
T get(std::string_view& in) {
    if constexpr (std::same_as<T, std::string>) {
        const auto size = get<std::uint64_t>(in);
        if (size > in.size()) throw std::runtime_error("wire::get: truncated string");
        std::string value(in.substr(0, size));
        in.remove_prefix(size);
        return value;
    } else {
        if (in.size() < sizeof(T)) throw std::runtime_error("wire::get: truncated value");
        T value;
        std::memcpy(&value, in.data(), sizeof value);
        in.remove_prefix(sizeof value);
        return value;
    }
}

}  // namespace wire

/// A function pointer of no particular type: how `map` hands any `fn` to run_chunks.
using AnyFunction = void (*)();

/// Runs `fn` (really an `R (*)(A)`) on every input encoded in `inputs` and returns the
/// encoded results. `map` picks the right one for its types; a worker calls it.
using ChunkRunner = std::string (*)(AnyFunction fn, std::string_view inputs);

/// A chunk of consecutive inputs, encoded, and where it sits in map's `inputs`.
struct Chunk {
    std::size_t first_input = 0;  ///< index of its first input
    std::size_t input_count = 0;  ///< how many inputs it holds
    std::string inputs;           ///< their bytes: wire::put of each input in turn
};

namespace detail {

/// The ChunkRunner for `R fn(A)`: decodes each input, calls fn, encodes each result.
template <class R, class A>
std::string run_chunk(AnyFunction erased, std::string_view inputs) {
    const auto fn = reinterpret_cast<R (*)(A)>(erased);  // back to its real type
    std::string results;
    while (!inputs.empty()) wire::put<R>(results, fn(wire::get<std::remove_cvref_t<A>>(inputs)));
    return results;
}

}  // namespace detail

/// A fixed number of worker processes that run `map` calls in parallel.
///
/// Like Python's Pool with the "fork" start method, the workers are copies of the
/// process that made the pool, made in the constructor: they know every function of the
/// program, and the memory they were forked with (including MAP_SHARED regions). The
/// pool has no threads. Use one pool from one thread at a time.
///
/// When a worker dies in the middle of a chunk, map reports it with WorkerCrashed, and
/// the pool *replaces* the dead worker: it reaps it (no zombie) and forks a new one, so
/// the pool stays usable with the same number of workers.
///
/// The constructor sets SIGPIPE to "ignore" in the calling process if it was left at
/// its default (as Python does at start-up), so that writing to a pipe whose worker has
/// died gives an error (EPIPE) instead of killing the caller.
class ProcessPool {
public:
    /// Task 1. Forks `workers` worker processes, each with a pipe that brings it chunks
    /// and a pipe that takes its results back. Each worker closes every pipe end it does
    /// not use, so that it sees end-of-file when the pool closes its task pipe.
    /// @throws std::invalid_argument if `workers` is 0.
    /// @throws std::system_error if a pipe or a process cannot be made (the workers
    ///         already started are shut down first).
    explicit ProcessPool(unsigned workers);

    /// Calls shutdown(). (Already written for you.)
    ~ProcessPool();

    ProcessPool(const ProcessPool&) = delete;
    ProcessPool& operator=(const ProcessPool&) = delete;

    /// Calls `fn(input)` for every input in the worker processes and returns the results
    /// in input order, whatever order the chunks finish in. (Written for you: it cuts
    /// `inputs` into chunks of `chunksize` consecutive inputs and calls run_chunks.)
    ///
    /// `fn` is a plain function (a captureless lambda works with a leading `+`): the
    /// workers are forked copies of this process, so the function's address is valid in
    /// them. Inputs and results are trivially copyable values or std::string.
    /// `chunksize == 0` picks about four chunks per worker, as Python's Pool.map does.
    ///
    /// @throws WorkerCrashed if a worker died while running a chunk (the worker is replaced).
    /// @throws TaskFailed if `fn` threw in a worker.
    /// In both cases map first waits for the other chunks already handed out, so the
    /// pool is idle and ready when the exception reaches you.
    /// @throws PoolClosed after shutdown().
    template <class R, class A>
        requires wire::Sendable<R> && wire::Sendable<std::remove_cvref_t<A>>
    std::vector<R> map(R (*fn)(A), const std::vector<std::remove_cvref_t<A>>& inputs, std::size_t chunksize = 0);

    /// Task 1. Closes every task pipe, so each worker reads end-of-file and exits, then
    /// waits for every worker (waitpid: no zombie is left) and closes the result pipes
    /// (no file descriptor is left). Calling it again does nothing.
    void shutdown();

    /// The number of worker processes, as given to the constructor.
    unsigned worker_count() const { return static_cast<unsigned>(workers_.size()); }

    /// Task 1. The process ids of the workers running now (replacements included), in
    /// worker order; empty after shutdown().
    std::vector<pid_t> worker_pids() const;

private:
    /// One worker process and the parent's ends of its two pipes.
    struct Worker {
        pid_t pid = -1;       ///< -1 once reaped
        int task_fd = -1;     ///< parent writes chunks here; the worker reads them
        int result_fd = -1;   ///< the worker writes results here; the parent reads them
    };

    /// Task 2 (with task 3's errors). Sends the chunks to the workers, an idle worker
    /// getting the next chunk, and returns each chunk's encoded results at the chunk's
    /// own index: result i belongs to chunks[i]. Every worker runs `runner(fn, inputs)`.
    std::vector<std::string> run_chunks(ChunkRunner runner, AnyFunction fn, const std::vector<Chunk>& chunks);

    /// Task 1. Makes the two pipes of `worker`, forks it, and in the child runs
    /// worker_main (never returning).
    void start_worker(Worker& worker);

    /// Task 1. What a worker process runs: read a chunk, run it, send the results back,
    /// until end-of-file on `task_fd`; then _exit(0). Never returns, never throws.
    [[noreturn]] static void worker_main(int task_fd, int result_fd);

    std::vector<Worker> workers_;
    // [[maybe_unused]] only until you use it: Clang warns about a private member that no
    // code reads yet, and the stubs do not. Delete the attribute when you like.
    [[maybe_unused]] bool closed_ = false;  // set once by shutdown()
};

// ---- the map template (written for you) ---------------------------------------------

template <class R, class A>
    requires wire::Sendable<R> && wire::Sendable<std::remove_cvref_t<A>>
std::vector<R> ProcessPool::map(R (*fn)(A), const std::vector<std::remove_cvref_t<A>>& inputs,
                                std::size_t chunksize) {
    if (chunksize == 0) {  // Python's rule: about four chunks per worker
        const std::size_t parts = 4 * std::size_t{worker_count() == 0 ? 1 : worker_count()};
        chunksize = inputs.size() / parts + (inputs.size() % parts != 0 ? 1 : 0);
        if (chunksize == 0) chunksize = 1;
    }
    std::vector<Chunk> chunks;
    for (std::size_t first = 0; first < inputs.size(); first += chunksize) {
        Chunk chunk{first, std::min(chunksize, inputs.size() - first), {}};
        for (std::size_t i = first; i < first + chunk.input_count; ++i) wire::put(chunk.inputs, inputs[i]);
        chunks.push_back(std::move(chunk));
    }
    const std::vector<std::string> encoded =
        run_chunks(&detail::run_chunk<R, A>, reinterpret_cast<AnyFunction>(fn), chunks);
    std::vector<R> results;
    results.reserve(inputs.size());
    for (const std::string& bytes : encoded) {
        std::string_view rest = bytes;
        while (!rest.empty()) results.push_back(wire::get<R>(rest));
    }
    if (results.size() != inputs.size())
        throw std::logic_error("ProcessPool::map: got " + std::to_string(results.size()) + " results for " +
                               std::to_string(inputs.size()) + " inputs");
    return results;
}

}  // namespace lab07
