// Lab 06: write the functions below. Their contract is in connection.hpp.
// Run the graded tests with `./course test 06` (or `./course test 06 --task 2`).
#include "connection.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "course/not_implemented.hpp"

namespace lab06 {

namespace {
// The move operations are noexcept, so their stubs cannot throw directly; an exception that
// leaves them ends the test (std::terminate), and the grader still reads "not implemented yet".
[[noreturn]] void not_written_yet(const char* function) { throw course::NotImplemented(function); }
}  // namespace

// ---- Task 1: ends that close exactly once ------------------------------------------

Connection::Connection(int fd, bool readable, bool writable) {
    (void)fd, (void)readable, (void)writable;
    throw course::NotImplemented("Connection::Connection(int, bool, bool)");
}

Connection::Connection(Connection&& other) noexcept {
    (void)other;
    not_written_yet("Connection::Connection(Connection&&)");
}

Connection& Connection::operator=(Connection&& other) noexcept {
    (void)other;
    not_written_yet("Connection::operator=(Connection&&)");
}

Connection::~Connection() {
    // TODO (task 1): close the descriptor. A destructor must never throw, so this stub
    // does nothing: until you write it, every end leaks its descriptor.
}

void Connection::close() noexcept {
    // TODO (task 1): close the descriptor (once) and mark this end closed.
}

std::pair<Connection, Connection> make_pipe(bool duplex) {
    (void)duplex;
    throw course::NotImplemented("make_pipe");
}

// ---- Task 2: whole messages ----------------------------------------------------------

void Connection::send(std::span<const std::byte> message) {
    (void)message;
    throw course::NotImplemented("Connection::send");
}

void Connection::send(std::string_view message) {
    (void)message;
    throw course::NotImplemented("Connection::send");
}

std::string Connection::recv() { throw course::NotImplemented("Connection::recv"); }

// ---- Task 3: poll ---------------------------------------------------------------------

bool Connection::poll(std::chrono::milliseconds timeout) {
    (void)timeout;
    throw course::NotImplemented("Connection::poll");
}

}  // namespace lab06
