/// @file line_server.hpp
/// @brief Lab 09, tasks 3-5: a line-based TCP server on 127.0.0.1, one io_context on one thread.
///
/// The protocol, one request per line (a line ends with "\n"; a "\r" before it is dropped):
///
/// | request          | reply (one line)                                           |
/// |------------------|------------------------------------------------------------|
/// | `ECHO text`      | `text`, at once                                            |
/// | `DELAY ms text`  | `text`, after `ms` milliseconds (0 <= ms <= 10000)         |
/// | anything else    | a line that starts with `ERR `, saying what was wrong      |
/// | a line longer than `max_line` bytes | `ERR line too long ...`; the rest of that line is skipped |
///
/// A client's requests are answered in order, one at a time; different clients are
/// served at the same time. The server survives clients that vanish at any moment.
#pragma once

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>; GCC 12's
// headers no longer pull it in by accident, so it comes first.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace lab09 {

/// A line-based TCP server on 127.0.0.1, serving every client on one thread.
///
/// Thread safety: port(), local_endpoint() and stop() may be called from any thread at
/// any time; run() is called once, by the thread that serves.
class LineServer {
public:
    /// The longest line (without its "\n") the server accepts by default.
    static constexpr std::size_t default_max_line = 1024;

    /// Task 3. Opens a listening socket on 127.0.0.1 and a port the system chooses
    /// (port 0), ready to accept as soon as run() starts. Serves nobody yet.
    /// @param max_line the longest line, in bytes without the "\n", that is still a request.
    explicit LineServer(std::size_t max_line = default_max_line);

    LineServer(const LineServer&) = delete;
    LineServer& operator=(const LineServer&) = delete;

    /// Task 3. The port it listens on (never 0).
    std::uint16_t port() const;

    /// Task 3. The address and port it listens on: 127.0.0.1 and port().
    boost::asio::ip::tcp::endpoint local_endpoint() const;

    /// Tasks 3-5. Serves clients on the calling thread until stop() is called: one
    /// io_context, run by this one thread, for every client.
    void run();

    /// Task 3. Makes run() return soon; safe from any thread, also before run() starts.
    void stop();

private:
    boost::asio::awaitable<void> accept_clients();
    boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket client);
    boost::asio::awaitable<void> skip_rest_of_line(boost::asio::ip::tcp::socket& client, std::string& buffer);
    boost::asio::awaitable<std::string> answer(const std::string& line);

    std::size_t max_line_;
    boost::asio::io_context io_;  // declared before the acceptor: it must outlive it
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ip::tcp::endpoint endpoint_;  // fixed once bound, so any thread may read it
};

}  // namespace lab09
