// Lab 06, reference solution: whole messages over a pipe or a socket pair.
// The contract is in connection.hpp.
#include "connection.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <string>
#include <system_error>
#include <tuple>
#include <vector>

namespace lab06 {

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

#if !defined(SOCK_CLOEXEC) || !defined(__linux__)
// Sets FD_CLOEXEC where the system cannot create descriptors with it (macOS has neither
// SOCK_CLOEXEC nor pipe2). There a fork()+exec() in another thread could slip in between
// creating the descriptor and marking it: the reason Linux added the flags.
void set_cloexec(int fd) { ::fcntl(fd, F_SETFD, FD_CLOEXEC); }
#endif

// While one of these lives, SIGPIPE is blocked in the calling thread, so a write to a pipe
// whose readers are all gone fails with EPIPE instead of killing the process. The kernel
// sends that SIGPIPE to the writing thread; blocked, it stays pending, and discard() takes
// it back so that it is not delivered when the old mask returns.
class SigpipeBlocked {
public:
    SigpipeBlocked() {
        sigemptyset(&sigpipe_);
        sigaddset(&sigpipe_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &sigpipe_, &old_mask_);
        already_pending_ = pending();
    }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;
    ~SigpipeBlocked() { pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr); }

    // Called after EPIPE: consumes the SIGPIPE our write raised (one that was pending before
    // we started is not ours to take).
    void discard() {
        if (already_pending_ || !pending()) return;
        int taken = 0;
        sigwait(&sigpipe_, &taken);  // returns at once: the signal is pending
    }

private:
    bool pending() {
        sigset_t set;
        sigpending(&set);
        return sigismember(&set, SIGPIPE) == 1;
    }

    sigset_t sigpipe_{};
    sigset_t old_mask_{};
    bool already_pending_ = false;
};

// Writes all `size` bytes: write() may take fewer than asked (a partial write), and a
// signal may interrupt it (EINTR) before it took any.
void write_all(int fd, bool socket, const std::byte* data, std::size_t size) {
    std::optional<SigpipeBlocked> guard;
    if (!socket) guard.emplace();  // sockets have MSG_NOSIGNAL instead
    while (size > 0) {
        const ssize_t wrote = socket ? ::send(fd, data, size, MSG_NOSIGNAL) : ::write(fd, data, size);
        if (wrote < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE || errno == ECONNRESET) {
                if (guard) guard->discard();
                throw ConnectionClosed("send: the other end is closed (" + std::string(std::strerror(errno)) + ")");
            }
            throw_errno("send");
        }
        data += wrote;
        size -= static_cast<std::size_t>(wrote);
    }
}

// Reads until `size` bytes have arrived or end of file; returns how many arrived. read()
// returns whatever is there (often less than asked), so one call is never enough.
std::size_t read_fully(int fd, std::byte* data, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, data + got, size - got);
        if (n > 0) {
            got += static_cast<std::size_t>(n);
        } else if (n == 0) {
            break;  // end of file: every copy of the other end is closed
        } else if (errno == EINTR) {
            continue;
        } else if (errno == ECONNRESET) {
            break;  // a socket peer that closed with data unread: the stream is over
        } else {
            throw_errno("recv");
        }
    }
    return got;
}

// Messages up to this size go out in one write() with their header; larger ones are not
// copied just to save a system call.
constexpr std::size_t copy_limit = 64 * 1024;

}  // namespace

Connection::Connection(int fd, bool readable, bool writable)
    : fd_(fd), readable_(readable), writable_(writable) {
    if (fd < 0) throw std::invalid_argument("Connection: negative file descriptor");
    if (!readable && !writable) throw std::invalid_argument("Connection: an end must read, write or both");
    struct stat info {};
    socket_ = ::fstat(fd, &info) == 0 && S_ISSOCK(info.st_mode);
}

Connection::Connection(Connection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),  // exchange: `other` must not close it too
      readable_(std::exchange(other.readable_, false)),
      writable_(std::exchange(other.writable_, false)),
      socket_(std::exchange(other.socket_, false)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();  // our old descriptor would leak otherwise
        fd_ = std::exchange(other.fd_, -1);
        readable_ = std::exchange(other.readable_, false);
        writable_ = std::exchange(other.writable_, false);
        socket_ = std::exchange(other.socket_, false);
    }
    return *this;
}

Connection::~Connection() { close(); }

void Connection::close() noexcept {
    if (fd_ < 0) return;
    // Never retried, even on EINTR: Linux frees the descriptor number before close() can
    // fail, and a second close() could close a descriptor another thread just opened.
    ::close(fd_);
    fd_ = -1;
    readable_ = writable_ = false;
}

void Connection::send(std::span<const std::byte> message) {
    if (closed()) throw ConnectionClosed("send: this end is closed");
    if (!writable_) throw std::logic_error("send: this is the receiving end of a one-way pipe");
    if (message.size() > max_message_size) throw std::length_error("send: message larger than max_message_size");

    const auto size = static_cast<std::uint32_t>(message.size());
    const std::array<std::byte, header_size> header{
        std::byte(size >> 24), std::byte(size >> 16), std::byte(size >> 8), std::byte(size)};
    if (message.size() <= copy_limit) {
        std::vector<std::byte> frame(header.begin(), header.end());
        frame.insert(frame.end(), message.begin(), message.end());
        write_all(fd_, socket_, frame.data(), frame.size());
    } else {
        write_all(fd_, socket_, header.data(), header.size());
        write_all(fd_, socket_, message.data(), message.size());
    }
}

void Connection::send(std::string_view message) { send(std::as_bytes(std::span(message.data(), message.size()))); }

std::string Connection::recv() {
    if (closed()) throw ConnectionClosed("recv: this end is closed");
    if (!readable_) throw std::logic_error("recv: this is the sending end of a one-way pipe");

    std::array<std::byte, header_size> header{};
    const std::size_t got_header = read_fully(fd_, header.data(), header.size());
    if (got_header == 0) throw ConnectionClosed("recv: end of file (the other end is closed)");
    if (got_header < header_size)
        throw ProtocolError("recv: end of file inside a frame header (" + std::to_string(got_header) + " of " +
                            std::to_string(header_size) + " bytes)");

    std::size_t size = 0;
    for (std::byte b : header) size = size << 8 | std::to_integer<std::size_t>(b);
    if (size > max_message_size)  // checked before allocating: the header may be garbage
        throw ProtocolError("recv: a frame header announces " + std::to_string(size) +
                            " bytes, more than max_message_size");

    std::string body(size, '\0');
    const std::size_t got_body = read_fully(fd_, reinterpret_cast<std::byte*>(body.data()), size);
    if (got_body < size)
        throw ProtocolError("recv: end of file inside a message (" + std::to_string(got_body) + " of " +
                            std::to_string(size) + " bytes)");
    return body;
}

bool Connection::poll(std::chrono::milliseconds timeout) {
    if (closed()) throw ConnectionClosed("poll: this end is closed");
    if (!readable_) throw std::logic_error("poll: this is the sending end of a one-way pipe");

    const auto deadline = Clock::now() + std::max(timeout, std::chrono::milliseconds{0});
    for (;;) {
        // Round the remaining time up, so that the wait never ends early.
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        const int wait_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
        pollfd entry{fd_, POLLIN, 0};
        const int ready = ::poll(&entry, 1, wait_ms);
        if (ready > 0) {
            if (entry.revents & POLLNVAL) throw std::system_error(EBADF, std::generic_category(), "poll");
            return true;  // POLLIN (data), POLLHUP (end of file) or POLLERR: recv() will not wait
        }
        if (ready == 0) return false;
        if (errno != EINTR) throw_errno("poll");
        if (Clock::now() >= deadline) return false;  // interrupted at the very end
    }
}

std::pair<Connection, Connection> make_pipe(bool duplex) {
    std::array<int, 2> fds{};
    if (duplex) {
#ifdef SOCK_CLOEXEC
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.data()) == -1) throw_errno("socketpair");
#else
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds.data()) == -1) throw_errno("socketpair");
        set_cloexec(fds[0]);
        set_cloexec(fds[1]);
#endif
    } else {
#ifdef __linux__
        if (::pipe2(fds.data(), O_CLOEXEC) == -1) throw_errno("pipe2");
#else
        if (::pipe(fds.data()) == -1) throw_errno("pipe");
        set_cloexec(fds[0]);
        set_cloexec(fds[1]);
#endif
    }
    // Built in place (no Connection is moved): fds[0] is a pipe's reading end.
    return std::pair<Connection, Connection>(std::piecewise_construct,
                                             std::forward_as_tuple(fds[0], true, duplex),
                                             std::forward_as_tuple(fds[1], duplex, true));
}

}  // namespace lab06
