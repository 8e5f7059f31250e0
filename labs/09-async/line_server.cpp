// Lab 09, tasks 3-5: write the line server here. The contract is in line_server.hpp.
// Run the graded tests with `./course test 09` (or `./course test 09 --task 3`).
#include "line_server.hpp"

#include "course/not_implemented.hpp"

namespace lab09 {

namespace asio = boost::asio;
using asio::ip::tcp;

LineServer::LineServer(std::size_t max_line) : max_line_(max_line), acceptor_(io_) {
    throw course::NotImplemented("lab09::LineServer::LineServer");
}

std::uint16_t LineServer::port() const { throw course::NotImplemented("lab09::LineServer::port"); }

tcp::endpoint LineServer::local_endpoint() const { throw course::NotImplemented("lab09::LineServer::local_endpoint"); }

void LineServer::run() { throw course::NotImplemented("lab09::LineServer::run"); }

void LineServer::stop() { throw course::NotImplemented("lab09::LineServer::stop"); }

// The private coroutines below are a suggestion: accept_clients() loops on
// async_accept and co_spawns serve() for each client; serve() reads lines with
// async_read_until and answers each one through answer(). Change them as you like.

asio::awaitable<void> LineServer::accept_clients() { throw course::NotImplemented("lab09::LineServer::accept_clients"); }

asio::awaitable<void> LineServer::serve(tcp::socket client) {
    (void)client;
    throw course::NotImplemented("lab09::LineServer::serve");
}

asio::awaitable<void> LineServer::skip_rest_of_line(tcp::socket& client, std::string& buffer) {
    (void)client, (void)buffer;
    throw course::NotImplemented("lab09::LineServer::skip_rest_of_line");
}

asio::awaitable<std::string> LineServer::answer(const std::string& line) {
    (void)line;
    throw course::NotImplemented("lab09::LineServer::answer");
}

}  // namespace lab09
