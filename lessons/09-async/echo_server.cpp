/// @file echo_server.cpp
/// @brief A TCP echo server and 20 clients on 127.0.0.1, all served at once by one thread running one io_context.
///
/// The server accepts in a loop and co_spawns one session per client, so a slow
/// client (each session waits 100 ms before echoing, standing for a slow database)
/// holds up nobody. The clients are coroutines on the same io_context; when the last
/// one has its answer, the acceptor is closed and run() returns. Loopback only.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "course/timing.hpp"

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr int client_count = 20;
int open_sessions = 0;  // one thread runs everything: plain ints need no lock
int most_open = 0;
int correct_replies = 0;

asio::awaitable<void> session(tcp::socket socket) {
    ++open_sessions;
    most_open = std::max(most_open, open_sessions);
    try {
        std::string line;
        const std::size_t n = co_await asio::async_read_until(socket, asio::dynamic_buffer(line, 1024), '\n',
                                                              asio::use_awaitable);
        asio::steady_timer slow_backend(socket.get_executor(), 100ms);
        co_await slow_backend.async_wait(asio::use_awaitable);
        co_await asio::async_write(socket, asio::buffer(line.data(), n), asio::use_awaitable);
    } catch (const std::exception& error) {
        std::printf("   a session ended early: %s\n", error.what());  // a vanished client, say
    }
    --open_sessions;
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
    for (;;) {
        boost::system::error_code error;
        tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, error));
        if (error) co_return;  // operation_aborted: the acceptor was closed
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> client(int n, tcp::endpoint server, int& remaining, tcp::acceptor& acceptor) {
    tcp::socket socket(co_await asio::this_coro::executor);
    co_await socket.async_connect(server, asio::use_awaitable);
    const std::string message = "hello from client " + std::to_string(n) + "\n";
    co_await asio::async_write(socket, asio::buffer(message), asio::use_awaitable);
    std::string reply;
    co_await asio::async_read_until(socket, asio::dynamic_buffer(reply), '\n', asio::use_awaitable);
    if (reply == message) ++correct_replies;
    if (--remaining == 0) acceptor.close();  // the last client: stop accepting, so run() can return
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: echo_server   (no arguments)\n");
        return 2;
    }
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));  // 127.0.0.1, any free port
    const tcp::endpoint server = acceptor.local_endpoint();
    std::printf("server listening on %s:%u\n", server.address().to_string().c_str(), unsigned(server.port()));

    asio::co_spawn(io, accept_loop(acceptor), asio::detached);
    int remaining = client_count;
    for (int n = 1; n <= client_count; ++n) asio::co_spawn(io, client(n, server, remaining, acceptor), asio::detached);
    const double total = course::time_ms([&] { io.run(); });  // one thread: this one

    std::printf("%d clients, each echoed after a 100 ms wait, took %.1f ms in all on one thread\n", client_count,
                total);
    std::printf("the most sessions open at the same moment: %d\n", most_open);
    const bool ok = correct_replies == client_count;
    std::printf("check: every client got its own line back (%d of %d): %s\n", correct_replies, client_count,
                ok ? "yes" : "NO");
    if (most_open == client_count && total < 5 * 100)
        std::printf("check: all %d were served at the same time (well under %d x 100 ms): yes\n", client_count,
                    client_count);
    else
        std::printf("seen: at most %d sessions at once, %.1f ms in all (a busy machine?)\n", most_open, total);
    return ok ? 0 : 1;
}
