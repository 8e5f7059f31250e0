// Lab 09, tasks 3-5: the line server (reference solution). The contract is in line_server.hpp.
#include "line_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <charconv>
#include <chrono>
#include <exception>

namespace lab09 {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr long max_delay_ms = 10'000;
}

LineServer::LineServer(std::size_t max_line)
    : max_line_(max_line), acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
    // The endpoint constructor opened, bound and started listening. 127.0.0.1 only:
    // address_v4::any() (0.0.0.0) would accept connections from other machines too.
    endpoint_ = acceptor_.local_endpoint();
}

std::uint16_t LineServer::port() const { return endpoint_.port(); }

tcp::endpoint LineServer::local_endpoint() const { return endpoint_; }

void LineServer::run() {
    asio::co_spawn(io_, accept_clients(), asio::detached);
    io_.run();
}

void LineServer::stop() { io_.stop(); }  // io_context::stop is thread-safe

asio::awaitable<void> LineServer::accept_clients() {
    for (;;) {
        boost::system::error_code error;
        tcp::socket client = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, error));
        if (error == asio::error::operation_aborted) co_return;  // the acceptor was closed
        if (error) continue;  // e.g. the client gave up before we accepted it: keep listening
        // Spawn, do not await: awaiting serve() here would serve one client at a time.
        asio::co_spawn(io_, serve(std::move(client)), asio::detached);
    }
}

asio::awaitable<void> LineServer::serve(tcp::socket client) {
    // Whatever goes wrong with this client (it vanished: reset, broken pipe) ends this
    // coroutine only. Nothing may escape: a session's exception must never stop the
    // io_context that serves everyone else.
    try {
        std::string buffer;
        for (;;) {
            boost::system::error_code error;
            // The buffer may grow to max_line + 1 bytes: the longest line and its "\n".
            const std::size_t length = co_await asio::async_read_until(
                client, asio::dynamic_buffer(buffer, max_line_ + 1), '\n',
                asio::redirect_error(asio::use_awaitable, error));
            if (error == asio::error::not_found) {  // the buffer is full and holds no "\n"
                const std::string reply = "ERR line too long (the limit is " + std::to_string(max_line_) + " bytes)\n";
                co_await asio::async_write(client, asio::buffer(reply), asio::use_awaitable);
                co_await skip_rest_of_line(client, buffer);
                continue;  // the client may go on with its next line
            }
            if (error) co_return;  // end of stream or reset: the client has gone

            std::string line = buffer.substr(0, length - 1);
            buffer.erase(0, length);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const std::string reply = co_await answer(line) + "\n";
            co_await asio::async_write(client, asio::buffer(reply), asio::use_awaitable);
        }
    } catch (const std::exception&) {
        // The client vanished while we wrote to it. Forget it; its socket closes here.
    }
}

asio::awaitable<void> LineServer::skip_rest_of_line(tcp::socket& client, std::string& buffer) {
    // Everything in the buffer belongs to the long line. Read on in small pieces,
    // keeping nothing, until its "\n"; whatever follows it is the next request.
    buffer.clear();
    char chunk[4096];
    for (;;) {
        const std::size_t n = co_await client.async_read_some(asio::buffer(chunk), asio::use_awaitable);
        const std::string_view piece(chunk, n);
        if (const auto newline = piece.find('\n'); newline != std::string_view::npos) {
            buffer.assign(piece.substr(newline + 1));
            co_return;
        }
    }
}

asio::awaitable<std::string> LineServer::answer(const std::string& line) {
    const std::string_view request(line);
    const auto space = request.find(' ');
    const std::string_view command = request.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? std::string_view() : request.substr(space + 1);

    if (command == "ECHO") co_return std::string(rest);
    if (command == "DELAY") {
        const auto gap = rest.find(' ');
        const std::string_view digits = rest.substr(0, gap);
        long ms = -1;
        const auto [end, failure] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
        if (digits.empty() || failure != std::errc() || end != digits.data() + digits.size() || ms < 0 ||
            ms > max_delay_ms)
            co_return "ERR DELAY needs a whole number of milliseconds from 0 to " + std::to_string(max_delay_ms);
        // Wait on a timer: this suspends only this client's coroutine. The loop goes on
        // serving everybody else meanwhile.
        asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
        co_await timer.async_wait(asio::use_awaitable);
        co_return std::string(gap == std::string_view::npos ? std::string_view() : rest.substr(gap + 1));
    }
    if (command.empty()) co_return "ERR empty request";
    co_return "ERR unknown command: " + std::string(command.substr(0, 32));
}

}  // namespace lab09
