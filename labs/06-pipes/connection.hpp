/// @file connection.hpp
/// @brief Lab 06: whole messages over a pipe or a socket pair, like Python's multiprocessing.Pipe.
///
/// The contract of lab 06. You write the bodies in connection.cpp; this header is what the
/// graded tests call.
///
/// A pipe or a socket carries a *stream of bytes*: one write of 1000 bytes may arrive as
/// three reads of 300, 500 and 200 bytes, and two writes may arrive as one read. To carry
/// *messages*, each one travels as a frame:
///
///     +-------------------------------+---------------------------+
///     | length: 4 bytes, big-endian   | body: `length` bytes      |
///     +-------------------------------+---------------------------+
///
/// The header is exactly 4 bytes: the body's length as an unsigned 32-bit number, most
/// significant byte first (network byte order). An empty message is a header of 0 and no body.
///
/// **Thread safety.** One end may be used by one sending thread and one receiving thread at
/// the same time: a thread blocked in recv() must not stop another thread from calling send()
/// on the same end (a duplex end is two independent directions). Two threads must not send on
/// the same end at once, nor receive at once: their frames would interleave. close(), moving
/// and destroying an end must not overlap any other call on that end.
///
/// **Processes.** After fork(), parent and child each hold a copy of every descriptor. Each
/// process closes the end it does not use, or the other end never sees end of file.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace lab06 {

/// The largest message send() accepts and recv() believes: 1 GiB. A header announcing more
/// is corrupt (or hostile): recv() rejects it instead of trying to allocate that much.
inline constexpr std::size_t max_message_size = std::size_t{1} << 30;

/// The size of a frame's header, in bytes.
inline constexpr std::size_t header_size = 4;

/// Thrown on end of file between messages (every copy of the other end is closed), on a
/// peer gone while sending (EPIPE, ECONNRESET), and on any use of an end that is closed.
/// Python raises EOFError (or BrokenPipeError, OSError) in these cases.
class ConnectionClosed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Thrown by recv() when the bytes received are not a valid frame: a header announcing more
/// than max_message_size, or end of file in the middle of a frame (a header or a body cut
/// short). The connection is then unusable: close it.
class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One end of a connection. It owns one file descriptor and closes it exactly once (in
/// close() or in the destructor). Movable, not copyable.
class Connection {
public:
    /// An end that is already closed. Every call but close() and the queries throws.
    Connection() noexcept = default;

    /// Takes ownership of the open descriptor `fd`, which this end may read from if
    /// `readable` and write to if `writable`.
    /// @throws std::invalid_argument if `fd` is negative, or if neither direction is allowed.
    Connection(int fd, bool readable, bool writable);

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Takes over `other`'s descriptor; `other` is left closed (closed() is true, and
    /// closing or destroying it does nothing).
    Connection(Connection&& other) noexcept;

    /// Closes this end's own descriptor (if open), then takes over `other`'s; `other` is left
    /// closed. Moving an end into itself changes nothing.
    Connection& operator=(Connection&& other) noexcept;

    /// Closes the descriptor if it is still open.
    ~Connection();

    /// Sends one whole message, however large: it returns once every byte has been handed to
    /// the kernel (not necessarily received). Blocks while the pipe or socket is full, until
    /// the peer reads. Retries a write interrupted by a signal (EINTR) and continues after a
    /// partial write. Never lets SIGPIPE kill the process.
    /// @throws ConnectionClosed if this end is closed, or the peer has closed its end.
    /// @throws std::logic_error if this end may not send (the receiving end of a one-way pipe).
    /// @throws std::length_error if the message is larger than max_message_size (nothing is sent).
    void send(std::span<const std::byte> message);

    /// Sends the bytes of `message`; the same as the std::span overload.
    void send(std::string_view message);

    /// Waits for the next message and returns it whole, exactly as it was sent. Retries a
    /// read interrupted by a signal (EINTR) and keeps reading until the frame is complete.
    /// @throws ConnectionClosed if this end is closed, or on end of file before the first
    ///         byte of a frame (the peer closed its end between messages).
    /// @throws ProtocolError on end of file inside a frame, or a header announcing more than
    ///         max_message_size (rejected before allocating anything).
    /// @throws std::logic_error if this end may not receive (the sending end of a one-way pipe).
    std::string recv();

    /// Waits up to `timeout` (0 = do not wait) for something to read: true if recv() can
    /// start at once, because data has arrived or because of end of file (then recv()
    /// throws). False after the timeout. A signal does not cut the wait short.
    /// True means the first byte is there, not the whole frame: a peer that sends half a
    /// frame can still make recv() wait for the rest.
    /// @throws ConnectionClosed if this end is closed.
    /// @throws std::logic_error if this end may not receive.
    bool poll(std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

    /// Closes the descriptor now (if open). Safe to call more than once; never throws.
    void close() noexcept;

    /// True once this end is closed (by close(), or by being moved from).
    bool closed() const noexcept { return fd_ < 0; }

    /// The descriptor this end owns, or -1 when closed. It stays owned by this end.
    int fileno() const noexcept { return fd_; }

    /// True if this end may call recv() and poll() (false once closed).
    bool readable() const noexcept { return readable_; }

    /// True if this end may call send() (false once closed).
    bool writable() const noexcept { return writable_; }

private:
    int fd_ = -1;            // the descriptor this end owns, -1 when closed
    bool readable_ = false;  // may recv() and poll()
    bool writable_ = false;  // may send()
    bool socket_ = false;    // a socket (send with MSG_NOSIGNAL) rather than a pipe
    // Add any other members you need here.
};

/// Creates a connection and returns its two ends, with every descriptor close-on-exec
/// (O_CLOEXEC), so a program started with exec() does not inherit them.
///
/// - `duplex` (the default): a Unix socket pair (socketpair(AF_UNIX, SOCK_STREAM)); both
///   ends send and receive.
/// - one-way (`duplex == false`): a pipe; `first` only receives and `second` only sends,
///   as in Python's `receiver, sender = multiprocessing.Pipe(duplex=False)`.
/// @throws std::system_error if the system refuses (for example, out of descriptors).
std::pair<Connection, Connection> make_pipe(bool duplex = true);

}  // namespace lab06
