// Graded tests for lab 11, task 2: score_all, a CPU-bound workload (many cheap items).
// Correctness on every size and thread count, then the cost per item on a small input:
// a model that starts a process or a thread per item loses here, quickly and with the
// reason, without waiting for the speedup test (speedup_test.cpp).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "course/not_implemented.hpp"
#include "grading/graded_test.hpp"
#include "fixed.hpp"
#include "workloads.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<double> items_for(std::size_t n) {
    std::vector<double> items(n);
    for (std::size_t i = 0; i < n; ++i) items[i] = static_cast<double>(i) * 0.75 + 1.0;
    return items;
}

}  // namespace

GRADED_TEST(CpuBound, ResultsInItemOrder, 2, 2) {
    for (const std::size_t n : {0u, 1u, 2u, 7u, 100u, 1000u}) {
        for (const unsigned threads : {1u, 2u, 3u, 8u}) {
            const auto items = items_for(n);
            std::vector<double> results(n, std::nan(""));
            lab11::score_all(items, results, threads);
            for (std::size_t i = 0; i < n; ++i)
                ASSERT_DOUBLE_EQ(results[i], lab11::score(items[i]))
                    << "score_all gave a wrong result " << i << " of " << n << " items on " << threads
                    << " thread(s): results[i] must be score(items[i]), every one, in place";
        }
    }
    const auto items = items_for(10);
    std::vector<double> too_short(9);
    try {
        lab11::score_all(items, too_short, 2);
        ADD_FAILURE() << "score_all accepted 10 items and room for 9 results: it must throw std::invalid_argument";
    } catch (const std::invalid_argument&) {
    } catch (const course::NotImplemented&) {
        throw;
    } catch (const std::exception& other) {
        ADD_FAILURE() << "score_all threw \"" << other.what() << "\" for sizes 10 and 9, not std::invalid_argument";
    }
}

GRADED_TEST(CpuBound, SmallInputsAreCheap, 2, 2) {
    // 2 000 items of 0.1 µs each: the work is 0.2 ms. Starting a couple of threads costs
    // about 0.1 ms; a thread per item costs about 16 µs per item and a process per item
    // 0.2 ms or more (lesson 11). The limit, 10 µs per item, is 100 times the work.
    constexpr std::size_t kItems = 2000;
    constexpr double kLimitUs = 10.0;
    const auto items = items_for(kItems);
    std::vector<double> results(kItems);
    double best_us = 1e18;
    for (int run = 0; run < 6 && best_us > kLimitUs; ++run) {  // a warm-up, then up to 5 timed runs
        const auto start = Clock::now();
        lab11::score_all(items, results, 2);
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kItems;
        if (run > 0 || us > 10 * kLimitUs) best_us = std::min(best_us, us);  // 10x over: no run will do
        if (us > 10 * kLimitUs) break;
    }
    for (std::size_t i = 0; i < kItems; ++i)
        ASSERT_DOUBLE_EQ(results[i], lab11::score(items[i])) << "score_all gave a wrong result " << i;
    EXPECT_LE(best_us, kLimitUs) << "score_all spent " << fixed(best_us) << " us per item on 2 000 cheap items (at most "
                                 << fixed(kLimitUs) << " us; the work is 0.1 us): starting a process or a thread per item "
                                 << "costs far more than the item. Split the items into one chunk per thread";
}
