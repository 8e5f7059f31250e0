/// @file process_pool.cpp
/// @brief Lab 07, part (a), reference solution: a pool of forked worker processes.
///
/// Each worker has two pipes: the parent writes chunks into its task pipe and reads
/// results from its result pipe. A message on a pipe is a frame: an 8-byte length, then
/// that many bytes. The parent has no threads: map hands out one chunk per worker, then
/// waits with poll() for whichever worker answers first and hands it the next chunk.
#include "process_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <limits>
#include <system_error>

namespace lab07 {

// ---- frames on pipes (written for you in the lab, as in lesson 06) --------------------

namespace {

constexpr std::uint64_t max_frame_bytes = std::uint64_t{1} << 32;  // a bigger header is garbage

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

// Writes all `size` bytes, however many write() calls it takes. Returns false if the
// reader has gone (EPIPE); SIGPIPE is ignored, so that is an error code, not a signal.
[[maybe_unused]] bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) return false;
            throw_errno("write");
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return true;
}

// Reads up to `size` bytes, however many read() calls it takes; returns how many it got.
// Fewer than `size` means the writer closed its end (end-of-file) first.
[[maybe_unused]] std::size_t read_all(int fd, char* data, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, data + got, size - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("read");
        }
        if (n == 0) break;  // end-of-file
        got += static_cast<std::size_t>(n);
    }
    return got;
}

// Sends one frame. Returns false if the reader has gone.
[[maybe_unused]] bool send_frame(int fd, std::string_view body) {
    const std::uint64_t size = body.size();
    return write_all(fd, reinterpret_cast<const char*>(&size), sizeof size) && write_all(fd, body.data(), body.size());
}

// Receives one frame into `body`. Returns false at end-of-file: the writer closed its end,
// or died, before a whole frame arrived.
[[maybe_unused]] bool recv_frame(int fd, std::string& body) {
    std::uint64_t size = 0;
    if (read_all(fd, reinterpret_cast<char*>(&size), sizeof size) != sizeof size) return false;
    if (size > max_frame_bytes) throw std::runtime_error("recv_frame: a frame header announces " + std::to_string(size) + " bytes");
    body.resize(size);
    return read_all(fd, body.data(), size) == size;
}

[[maybe_unused]] void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

}  // namespace

ProcessPool::~ProcessPool() { shutdown(); }

// ---- the pool ---------------------------------------------------------------------------

namespace {

constexpr char reply_ok = 'R';      // first byte of a reply: the results follow
constexpr char reply_threw = 'E';   // first byte of a reply: fn threw; its what() follows

// Waits for `pid` to end and reaps it; returns its status as waitpid gives it, or -1
// if it cannot be had (someone else reaped it: SIGCHLD ignored, or a stray waitpid(-1)).
int reap(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return status;
}

std::string describe_status(int status) {
    if (status == -1) return "ended";
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char* name = ::sigabbrev_np(sig);
        return "was killed by " + (name ? "SIG" + std::string(name) : "a signal") + " (signal " + std::to_string(sig) + ")";
    }
    return "exited with code " + std::to_string(WEXITSTATUS(status));
}

std::string describe_chunk(std::size_t index, const Chunk& chunk) {
    std::string inputs = chunk.input_count == 1
                             ? "input " + std::to_string(chunk.first_input)
                             : "inputs " + std::to_string(chunk.first_input) + " to " +
                                   std::to_string(chunk.first_input + chunk.input_count - 1);
    return "chunk " + std::to_string(index) + " (" + inputs + ")";
}

}  // namespace

ProcessPool::ProcessPool(unsigned workers) {
    if (workers == 0) throw std::invalid_argument("ProcessPool: a pool needs at least one worker");
    // A write to a pipe whose reader died raises SIGPIPE, which kills by default. We would
    // rather see EPIPE and replace the worker. (Python ignores SIGPIPE at start-up too.)
    struct sigaction current {};
    if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
    workers_.resize(workers);
    try {
        for (Worker& worker : workers_) start_worker(worker);
    } catch (...) {
        shutdown();  // reap the workers already started
        throw;
    }
}

void ProcessPool::start_worker(Worker& worker) {
    // O_CLOEXEC: if this program ever exec()s another one, these pipes stay behind.
    int task[2];
    int result[2];
    if (::pipe2(task, O_CLOEXEC) != 0) throw_errno("pipe2");
    if (::pipe2(result, O_CLOEXEC) != 0) {
        const int saved = errno;
        ::close(task[0]);
        ::close(task[1]);
        throw std::system_error(saved, std::generic_category(), "pipe2");
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int saved = errno;
        for (int fd : {task[0], task[1], result[0], result[1]}) ::close(fd);
        throw std::system_error(saved, std::generic_category(), "fork");
    }
    if (pid == 0) {
        // The child holds a copy of every descriptor the parent had. Close the ones it
        // does not use. Above all, the write end of its own task pipe: while any process
        // holds it open, read() never reports end-of-file, and the worker never leaves.
        // The parent's ends of the other workers' pipes go too, or those workers would
        // wait for this one before they saw end-of-file.
        for (Worker& other : workers_) {
            close_fd(other.task_fd);
            close_fd(other.result_fd);
        }
        ::close(task[1]);
        ::close(result[0]);
        worker_main(task[0], result[1]);
    }
    // The parent keeps the write end of the task pipe and the read end of the result pipe.
    ::close(task[0]);
    ::close(result[1]);  // else a dead worker's result pipe would never report end-of-file
    worker = Worker{pid, task[1], result[0]};
}

void ProcessPool::worker_main(int task_fd, int result_fd) {
    try {
        std::string request;
        while (recv_frame(task_fd, request)) {
            std::string_view rest = request;
            const auto runner = wire::get<ChunkRunner>(rest);
            const auto fn = wire::get<AnyFunction>(rest);
            std::string reply(1, reply_ok);
            try {
                reply += runner(fn, rest);
            } catch (const std::exception& error) {
                reply.assign(1, reply_threw);
                reply += error.what();
            } catch (...) {
                reply.assign(1, reply_threw);
                reply += "an exception that is not a std::exception";
            }
            if (!send_frame(result_fd, reply)) break;  // the pool has gone
        }
    } catch (...) {
        ::_exit(2);
    }
    // _exit, not exit or return: this process is a copy of the caller, and must not run
    // its atexit handlers, flush its copy of stdout's buffer, or return into its code.
    ::_exit(0);
}

std::vector<std::string> ProcessPool::run_chunks(ChunkRunner runner, AnyFunction fn, const std::vector<Chunk>& chunks) {
    if (closed_) throw PoolClosed();
    constexpr std::size_t idle = std::numeric_limits<std::size_t>::max();
    std::vector<std::string> results(chunks.size());  // result i goes to slot i: input order
    std::vector<std::size_t> running(workers_.size(), idle);  // the chunk each worker runs
    std::size_t next = 0;
    std::exception_ptr failure;  // the first error seen; reported once every worker is idle

    // Reaps a dead worker and forks its replacement; returns how the dead one ended.
    auto replace = [&](std::size_t w) {
        Worker& worker = workers_[w];
        close_fd(worker.task_fd);
        close_fd(worker.result_fd);
        const int status = reap(worker.pid);
        worker.pid = -1;
        start_worker(worker);
        return describe_status(status);
    };
    // Hands the next chunk to worker w, unless every chunk is out or one has failed.
    auto hand_out = [&](std::size_t w) {
        if (failure || next == chunks.size()) return;
        std::string request;
        wire::put(request, runner);
        wire::put(request, fn);
        request += chunks[next].inputs;
        if (!send_frame(workers_[w].task_fd, request)) {  // it died while idle: nothing of ours was lost
            replace(w);
            if (!send_frame(workers_[w].task_fd, request)) throw std::runtime_error("ProcessPool: a new worker died at once");
        }
        running[w] = next++;
    };

    for (std::size_t w = 0; w < workers_.size(); ++w) hand_out(w);
    std::vector<pollfd> waiting;
    std::vector<std::size_t> owner;  // owner[i]: the worker behind waiting[i]
    while (std::any_of(running.begin(), running.end(), [&](std::size_t c) { return c != idle; })) {
        waiting.clear();
        owner.clear();
        for (std::size_t w = 0; w < workers_.size(); ++w) {
            if (running[w] == idle) continue;
            waiting.push_back(pollfd{workers_[w].result_fd, POLLIN, 0});
            owner.push_back(w);
        }
        if (::poll(waiting.data(), waiting.size(), -1) < 0) {
            if (errno == EINTR) continue;
            throw_errno("poll");
        }
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            if (waiting[i].revents == 0) continue;
            const std::size_t w = owner[i];
            const std::size_t c = running[w];
            running[w] = idle;
            std::string reply;
            if (!recv_frame(workers_[w].result_fd, reply) || reply.empty()) {
                // End-of-file: the worker died in the middle of this chunk.
                const pid_t dead = workers_[w].pid;
                const std::string how = replace(w);
                if (!failure)
                    failure = std::make_exception_ptr(WorkerCrashed(
                        "a worker process (pid " + std::to_string(dead) + ") " + how + " while it ran " +
                            describe_chunk(c, chunks[c]) + "; the pool replaced it",
                        chunks[c].first_input, chunks[c].input_count));
                continue;
            }
            if (reply[0] == reply_ok) {
                results[c].assign(reply, 1);
            } else if (!failure) {
                failure = std::make_exception_ptr(TaskFailed(
                    "fn threw in a worker process on " + describe_chunk(c, chunks[c]) + ": " + reply.substr(1),
                    chunks[c].first_input, chunks[c].input_count));
            }
            hand_out(w);
        }
    }
    if (failure) std::rethrow_exception(failure);
    return results;
}

void ProcessPool::shutdown() {
    if (closed_) return;
    closed_ = true;
    // First close every task pipe, so that all workers see end-of-file and exit at once;
    // then wait for each of them.
    for (Worker& worker : workers_) close_fd(worker.task_fd);
    for (Worker& worker : workers_) {
        if (worker.pid > 0) reap(worker.pid);
        worker.pid = -1;
        close_fd(worker.result_fd);
    }
}

std::vector<pid_t> ProcessPool::worker_pids() const {
    std::vector<pid_t> pids;
    for (const Worker& worker : workers_)
        if (worker.pid > 0) pids.push_back(worker.pid);
    return pids;
}

}  // namespace lab07
