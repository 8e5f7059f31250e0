/// @file exception_through_future.cpp
/// @brief An exception thrown by a task travels through its future and is rethrown by get() in the caller.
///
/// A thread that throws kills the program (lesson 01). A task that throws does not: the
/// exception is caught where the task runs, stored in the shared state, and rethrown by
/// get() wherever the future is. std::async and std::packaged_task do this for you;
/// with a bare promise you call set_exception() yourself.
#include <exception>
#include <future>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

int parse_port(const std::string& text) {
    const int port = std::stoi(text);  // throws std::invalid_argument on "http"
    if (port < 1 || port > 65535) throw std::out_of_range("port " + text + " is out of range");
    return port;
}

}  // namespace

int main() {
    bool ok = true;

    std::cout << "1. std::async: three tasks, two of them fail.\n";
    const std::vector<std::string> inputs{"8080", "http", "70000"};
    std::vector<std::future<int>> results;
    for (const auto& text : inputs) results.push_back(std::async(std::launch::async, parse_port, text));
    int failures = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        results[i].wait();  // waiting never throws: the future is simply ready
        try {
            const int port = results[i].get();
            std::cout << "   \"" << inputs[i] << "\" -> " << port << "\n";
        } catch (const std::exception& error) {  // get() rethrows the task's own exception
            std::cout << "   \"" << inputs[i] << "\" -> failed in its task, caught in main: " << error.what() << "\n";
            ++failures;
        }
    }
    ok = ok && failures == 2;

    std::cout << "2. A bare promise: the thread catches and calls set_exception().\n";
    std::promise<int> promise;
    std::future<int> future = promise.get_future();
    std::jthread worker([&promise] {
        try {
            promise.set_value(parse_port("0"));
        } catch (...) {
            promise.set_exception(std::current_exception());  // forget this and get() says "broken promise"
        }
    });
    try {
        future.get();
        ok = false;
    } catch (const std::out_of_range& error) {
        std::cout << "   main caught std::out_of_range: " << error.what() << "\n";
    }

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ")
              << "each failure reached main through its future, with its own type and message\n";
    return ok ? 0 : 1;
}
