// Test helpers for lab 09's server: a blocking loopback client with time limits, and
// the server running on its own thread. Plain POSIX sockets, so that the tests rely on
// nothing the student wrote.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "line_server.hpp"

namespace lab09_test {

/// One connection to 127.0.0.1:port. Reads give up after `patience`, so a broken
/// server fails a test instead of hanging it.
class Client {
public:
    enum class Status { line, closed, timed_out };

    explicit Client(std::uint16_t port, std::chrono::milliseconds patience = std::chrono::milliseconds(3000)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval limit{};
        limit.tv_sec = static_cast<time_t>(patience.count() / 1000);
        limit.tv_usec = static_cast<suseconds_t>((patience.count() % 1000) * 1000);
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }
    ~Client() {
        if (fd_ >= 0) ::close(fd_);
    }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return connected_; }

    /// Sends all of `text`; false if the connection broke.
    bool send(const std::string& text) {
        std::size_t sent = 0;
        while (sent < text.size()) {
            const ssize_t n = ::send(fd_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    /// The next line (without "\n"), or why there is none.
    Status read_line(std::string& line) {
        for (;;) {
            if (const auto newline = pending_.find('\n'); newline != std::string::npos) {
                line = pending_.substr(0, newline);
                pending_.erase(0, newline + 1);
                return Status::line;
            }
            char chunk[4096];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n > 0) {
                pending_.append(chunk, static_cast<std::size_t>(n));
            } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                return Status::closed;
            } else if (errno != EINTR) {
                return Status::timed_out;
            }
        }
    }

    /// Sends one request line and reads one reply line: the reply, or a description
    /// of what happened instead, in angle brackets.
    std::string ask(const std::string& request) {
        if (!send(request + "\n")) return "<the connection broke while sending>";
        std::string line;
        switch (read_line(line)) {
        case Status::line: return line;
        case Status::closed: return "<the server closed the connection>";
        case Status::timed_out: return "<no reply within the time limit>";
        }
        return "";
    }

    /// True if a reply has already arrived and waits to be read (without waiting).
    bool reply_waiting() {
        if (pending_.find('\n') != std::string::npos) return true;
        char byte;
        return ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
    }

    /// Closes with a reset (RST) instead of the polite FIN: the client "vanishes".
    void vanish() {
        linger abrupt{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abrupt, sizeof abrupt);
        ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
    std::string pending_;
};

/// A LineServer serving on its own thread for the lifetime of this object.
class RunningServer {
public:
    explicit RunningServer(std::size_t max_line = lab09::LineServer::default_max_line)
        : server_(max_line), thread_([this] { serve(); }) {}
    ~RunningServer() {
        server_.stop();
        thread_.join();
    }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    lab09::LineServer& server() { return server_; }
    std::uint16_t port() const { return server_.port(); }

    /// Empty while run() is serving; otherwise how it ended.
    std::string ended() const {
        std::lock_guard lock(mutex_);
        return ended_;
    }

private:
    void serve() {
        std::string how = "run() returned although stop() was not called";
        try {
            server_.run();
        } catch (const std::exception& error) {
            how = std::string("run() threw: ") + error.what();
        } catch (...) {
            how = "run() threw something that is not a std::exception";
        }
        std::lock_guard lock(mutex_);
        ended_ = how;
    }

    lab09::LineServer server_;
    mutable std::mutex mutex_;
    std::string ended_;
    std::thread thread_;  // last: starts once everything above exists
};

/// The addresses (hex, as in /proc/net/tcp) of every listening TCP socket on `port`.
inline std::vector<std::string> listening_addresses(std::uint16_t port, const char* table) {
    std::ifstream file(table);
    std::vector<std::string> found;
    std::string line;
    std::getline(file, line);  // the header
    while (std::getline(file, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        const auto colon = local.rfind(':');
        if (colon == std::string::npos || state != "0A") continue;  // 0A: LISTEN
        if (std::stoul(local.substr(colon + 1), nullptr, 16) == port) found.push_back(local.substr(0, colon));
    }
    return found;
}

}  // namespace lab09_test
