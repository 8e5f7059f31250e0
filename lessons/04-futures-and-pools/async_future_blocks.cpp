/// @file async_future_blocks.cpp
/// @brief The future returned by std::async(launch::async) waits in its destructor: "fire and forget" runs one by one.
///
/// A future from std::async is special: its destructor waits for the call to finish (a
/// std::thread would call std::terminate instead, and nothing may be left running). So
/// a loop that starts work with std::async and lets each future die at the end of the
/// iteration has written a serial loop. Keep the futures, and the calls overlap.
#include <chrono>
#include <future>
#include <iomanip>
#include <iostream>
#include <thread>
#include <vector>

#include "course/timing.hpp"

namespace {

constexpr auto nap = std::chrono::milliseconds(100);
constexpr int jobs = 3;

void pretend_to_download() { std::this_thread::sleep_for(nap); }

}  // namespace

int main() {
    std::cout << jobs << " downloads of " << nap.count() << " ms each, started with std::async(launch::async)\n\n";

    const double dropped_ms = course::time_ms([] {
        for (int i = 0; i < jobs; ++i) {
            auto future = std::async(std::launch::async, pretend_to_download);
        }  // <- the future dies here, and its destructor waits for the download
    });
    std::cout << std::fixed << std::setprecision(1)
              << "1. Each future dies at the end of its iteration: " << dropped_ms << " ms\n";
    if (dropped_ms >= jobs * static_cast<double>(nap.count()))
        std::cout << "   (at least " << jobs << " x " << nap.count()
                  << " ms: the destructor waited each time, so the downloads ran one after another)\n\n";
    else
        std::cout << "   (less than " << jobs << " x " << nap.count() << " ms: the downloads overlapped, so this "
                  << "library's destructor did not wait)\n\n";

    const double kept_ms = course::time_ms([] {
        std::vector<std::future<void>> futures;
        for (int i = 0; i < jobs; ++i) futures.push_back(std::async(std::launch::async, pretend_to_download));
        for (auto& future : futures) future.get();
    });
    std::cout << "2. The futures are kept in a vector, then waited for: " << kept_ms << " ms\n"
              << (kept_ms < dropped_ms / 2 ? "   (the downloads overlapped)\n\n"
                                           : "   (not much faster: the machine is busy; run it again)\n\n");

    // Certain, whatever the load: three waits of 100 ms one after another take >= 300 ms.
    const bool ok = dropped_ms >= jobs * static_cast<double>(nap.count());
    std::cout << (ok ? "check passed: " : "CHECK FAILED: ") << "dropping each future took at least " << jobs
              << " x " << nap.count() << " ms\n";
    return ok ? 0 : 1;
}
