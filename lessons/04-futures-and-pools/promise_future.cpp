/// @file promise_future.cpp
/// @brief A std::promise is the writing end of a one-shot channel; its std::future is the reading end.
///
/// std::async hides the promise. Here it is in plain sight: a worker thread sets a value
/// into a promise, main reads it from the future; a promise<void> is a one-shot "go"
/// signal that several threads can wait for through a shared_future; and a promise
/// that dies before it is set leaves a "broken promise" in its future.
#include <future>
#include <iostream>
#include <numeric>
#include <thread>
#include <vector>

int main() {
    bool ok = true;

    std::cout << "1. A value handed from a worker thread to main:\n";
    std::promise<long> sum_promise;
    std::future<long> sum_future = sum_promise.get_future();  // take the reading end first
    std::jthread worker([p = std::move(sum_promise)]() mutable {
        std::vector<long> numbers(1000);
        std::iota(numbers.begin(), numbers.end(), 1);
        p.set_value(std::accumulate(numbers.begin(), numbers.end(), 0L));  // wakes whoever waits
    });
    const long sum = sum_future.get();  // blocks until set_value
    std::cout << "   main received 1 + ... + 1000 = " << sum << "\n";
    ok = ok && sum == 500500;

    std::cout << "2. A promise<void> as a start signal for three threads:\n";
    std::promise<void> go;
    std::shared_future<void> go_signal = go.get_future().share();  // many readers need a shared_future
    std::vector<std::promise<int>> answers(3);
    std::vector<std::future<int>> replies;
    std::vector<std::jthread> runners;
    for (int i = 0; i < 3; ++i) {
        replies.push_back(answers[i].get_future());
        runners.emplace_back([go_signal, i, &answers] {
            go_signal.wait();  // every runner waits here until main says go
            answers[i].set_value(i * 10);
        });
    }
    std::cout << "   the runners wait for the signal; main says go\n";
    go.set_value();
    for (auto& reply : replies) {
        const int value = reply.get();
        std::cout << "   a runner answered " << value << "\n";
        ok = ok && value % 10 == 0;
    }

    std::cout << "3. A promise destroyed without a value:\n";
    std::future<int> orphan;
    {
        std::promise<int> forgotten;
        orphan = forgotten.get_future();
    }  // no set_value, no set_exception: the future will never get a value
    try {
        orphan.get();
        ok = false;
    } catch (const std::future_error& error) {
        std::cout << "   get() threw std::future_error: " << error.code().message() << "\n";
        ok = ok && error.code() == std::future_errc::broken_promise;
    }

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ")
              << "values and the go signal arrived; the orphan reported a broken promise\n";
    return ok ? 0 : 1;
}
