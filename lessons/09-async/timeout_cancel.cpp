/// @file timeout_cancel.cpp
/// @brief Timeouts in Boost 1.74's Asio: a deadline timer cancels the operation's object (timer.cancel(), socket.close()).
///
/// Boost 1.74 cannot cancel one awaitable from outside (per-operation cancellation
/// slots arrived in Boost 1.77). What it can do is object-wide cancellation:
/// `timer.cancel()` ends every wait on that timer, and `socket.cancel()` or
/// `socket.close()` ends every read and write on that socket, each with
/// `asio::error::operation_aborted`, which use_awaitable throws as a system_error in
/// the waiting coroutine. A timeout is a second coroutine racing the first: whoever
/// finishes first cancels the other's object.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <string>

#include "course/timing.hpp"

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

course::Clock::time_point start;
double since_start() { return course::Millis(course::Clock::now() - start).count(); }

// Runs `operation()` and reports how it ended.
template <class Operation>
asio::awaitable<void> report(const char* name, Operation operation, bool& aborted) {
    try {
        co_await operation();
        std::printf("%6.1f ms  %s completed normally\n", since_start(), name);
    } catch (const boost::system::system_error& error) {
        aborted = error.code() == asio::error::operation_aborted;
        std::printf("%6.1f ms  %s ended early: %s\n", since_start(), name, error.code().message().c_str());
    }
}

// The deadline: after `limit`, cancel whatever `cancel` names, unless cancelled first.
template <class Cancel>
asio::awaitable<void> deadline(asio::steady_timer& timer, Cancel cancel) {
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) {
        std::printf("%6.1f ms  deadline passed: cancelling the operation\n", since_start());
        cancel();
    }
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: timeout_cancel   (no arguments)\n");
        return 2;
    }
    asio::io_context io;
    bool timer_aborted = false, read_aborted = false;

    std::printf("1. A 1 s wait on a timer, with a 100 ms deadline: timer.cancel().\n");
    start = course::Clock::now();
    asio::steady_timer slow(io, 1s), limit(io, 100ms);
    asio::co_spawn(io, report("the 1 s wait", [&] { return slow.async_wait(asio::use_awaitable); }, timer_aborted),
                   asio::detached);
    asio::co_spawn(io, deadline(limit, [&] { slow.cancel(); }), asio::detached);
    io.run();

    std::printf("\n2. A read from a server that never answers, with a 200 ms deadline: socket.close().\n");
    io.restart();
    start = course::Clock::now();
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));  // accepts, never writes
    tcp::socket silent_peer(io), client(io);
    client.connect(acceptor.local_endpoint());
    acceptor.accept(silent_peer);
    std::string reply;
    asio::steady_timer read_limit(io, 200ms);
    auto read_line = [&] { return asio::async_read_until(client, asio::dynamic_buffer(reply), '\n', asio::use_awaitable); };
    asio::co_spawn(io, report("the read", read_line, read_aborted), asio::detached);
    asio::co_spawn(io, deadline(read_limit, [&] { client.close(); }), asio::detached);
    const double read_ms = course::time_ms([&] { io.run(); });

    const bool ok = timer_aborted && read_aborted;
    std::printf("\ncheck: both operations ended with operation_aborted, the read after %.1f ms (deadline 200 ms): %s\n",
                read_ms, ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
