/// @file process_pool.cpp
/// @brief Lab 07, part (a): a pool of forked worker processes. Write the bodies marked "Task K".
///
/// Suggested design (any other that keeps the contract in process_pool.hpp is fine): each
/// worker has two pipes; the parent writes chunks into its task pipe and reads results
/// from its result pipe. A message on a pipe is a frame: an 8-byte length, then that many
/// bytes (send_frame and recv_frame below are written for you). map hands one chunk to
/// each worker, then waits with poll() for whichever worker answers first, and hands it
/// the next chunk.
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

#include "course/not_implemented.hpp"

namespace lab07 {

// ---- frames on pipes: written for you (lesson 06 builds them) ------------------------

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

// ---- the pool: your part ------------------------------------------------------------------

ProcessPool::ProcessPool(unsigned workers) {
    (void)workers;
    throw course::NotImplemented("ProcessPool::ProcessPool");
}

void ProcessPool::start_worker(Worker& worker) {
    (void)worker;
    throw course::NotImplemented("ProcessPool::start_worker");
}

void ProcessPool::worker_main(int task_fd, int result_fd) {
    (void)task_fd;
    (void)result_fd;
    throw course::NotImplemented("ProcessPool::worker_main");
}

std::vector<std::string> ProcessPool::run_chunks(ChunkRunner runner, AnyFunction fn, const std::vector<Chunk>& chunks) {
    (void)runner;
    (void)fn;
    (void)chunks;
    throw course::NotImplemented("ProcessPool::run_chunks");
}

void ProcessPool::shutdown() { throw course::NotImplemented("ProcessPool::shutdown"); }

std::vector<pid_t> ProcessPool::worker_pids() const { throw course::NotImplemented("ProcessPool::worker_pids"); }

}  // namespace lab07
