/// @file asio_thread_pool.cpp
/// @brief Boost.Asio's thread_pool: post() work, get results and exceptions through use_future, join() to wait.
///
/// The production pool of the Boost family. post(pool, f) queues f without a result;
/// post(pool, use_future(f)) also returns a std::future, like executor.submit(f).
/// join() waits for everything queued. Mind the destructor: it calls stop() first, so
/// work that has not started yet is thrown away, unlike Python's executor.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <iostream>
#include <stdexcept>
#include <thread>

int main() {
    bool ok = true;

    std::cout << "1. post() with use_future: results and exceptions come back in futures.\n";
    {
        boost::asio::thread_pool pool(2);
        std::future<int> answer = boost::asio::post(pool, boost::asio::use_future([] { return 6 * 7; }));
        // share(): a shared_future keeps the exception alive while main reads it. With a plain
        // future a pool thread may free it a moment later; that is safe, but ThreadSanitizer
        // cannot see why (the reference count lives in uninstrumented libstdc++) and reports it.
        std::shared_future<int> failure =
            boost::asio::post(pool, boost::asio::use_future([]() -> int { throw std::runtime_error("no disk"); }))
                .share();
        const int value = answer.get();
        std::cout << "   answer.get() = " << value << "\n";
        try {
            failure.get();
            ok = false;
        } catch (const std::runtime_error& error) {
            std::cout << "   failure.get() threw: " << error.what() << "\n";
        }
        ok = ok && value == 42;
        pool.join();
    }

    std::cout << "2. join() runs everything queued before it returns.\n";
    std::atomic<int> ran{0};
    {
        boost::asio::thread_pool pool(1);
        for (int i = 0; i < 100; ++i) boost::asio::post(pool, [&ran] { ++ran; });
        pool.join();
    }
    std::cout << "   ran " << ran << " of 100 tasks\n";
    ok = ok && ran == 100;

    std::cout << "3. The destructor without join(): stop() drops the tasks not started yet.\n";
    std::atomic<int> started{0};
    {
        boost::asio::thread_pool pool(1);
        for (int i = 0; i < 100; ++i)
            boost::asio::post(pool, [&started] {
                ++started;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            });
    }  // ~thread_pool(): stop(), then join()
    std::cout << "   ran " << started << " of 100 tasks (how many depends on timing)\n";

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ")
              << "use_future carried the value and the exception; join() ran all 100\n";
    return ok ? 0 : 1;
}
