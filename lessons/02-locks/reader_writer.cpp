/// @file reader_writer.cpp
/// @brief std::shared_mutex lets many readers in together but a writer only alone.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "course/timeline.hpp"

using namespace std::chrono_literals;

namespace {

// A price list read far more often than it changes: the case a reader/writer lock is for.
// Each lookup and each update draws its time *holding the lock* on the timeline.
class PriceList {
public:
    explicit PriceList(course::Timeline& timeline) : timeline_(timeline) {}

    // Readers share the lock: any number of them may hold it at once.
    int price(const std::string& item, const std::string& who) const {
        std::shared_lock lock(mutex_);
        auto inside = timeline_.span(who);
        track(+1);
        std::this_thread::sleep_for(40ms);  // a slow lookup, so the overlap is visible
        const int result = prices_.at(item);
        track(-1);
        return result;
    }

    // A writer takes it exclusively: it waits for every reader to leave, and no reader
    // gets in until it is done.
    void set_price(const std::string& item, int value) {
        std::unique_lock lock(mutex_);
        auto inside = timeline_.span("WRITER");
        writer_saw_readers_ = writer_saw_readers_ || readers_inside_ > 0;
        std::this_thread::sleep_for(40ms);
        prices_[item] = value;
    }

    int most_readers_at_once() const { return most_readers_; }
    bool writer_ever_saw_a_reader() const { return writer_saw_readers_; }

private:
    void track(int change) const {
        const int now = readers_inside_ += change;
        int most = most_readers_;
        while (now > most && !most_readers_.compare_exchange_weak(most, now)) {}
    }

    course::Timeline& timeline_;
    mutable std::shared_mutex mutex_;
    std::map<std::string, int> prices_{{"apple", 3}, {"pear", 4}};
    mutable std::atomic<int> readers_inside_{0}, most_readers_{0};
    bool writer_saw_readers_ = false;  // written only under the exclusive lock
};

}  // namespace

int main() {
    course::Timeline timeline;
    PriceList list(timeline);
    double writer_waited_ms = 0, writer_asked_ms = 0;
    {
        std::latch start(3);  // the readers begin together, so they meet inside
        std::vector<std::jthread> threads;
        for (int r = 1; r <= 3; ++r)
            threads.emplace_back([&, r] {
                timeline.name_thread("reader " + std::to_string(r));  // its row on the chart
                start.arrive_and_wait();
                for (int i = 0; i < 2; ++i) list.price("apple", "reader " + std::to_string(r));
            });
        threads.emplace_back([&] {
            timeline.name_thread("writer");
            std::this_thread::sleep_for(20ms);  // ask while the readers are inside
            const auto asked = course::Clock::now();
            writer_asked_ms = course::Millis(asked - timeline.origin()).count();
            list.set_price("apple", 5);
            writer_waited_ms = course::Millis(course::Clock::now() - asked).count() - 40;  // minus its own work
        });
    }
    std::printf("Each bar is time spent holding the lock:\n");
    timeline.print(std::cout);
    std::printf("most readers inside at once: %d (a plain std::mutex would allow 1)\n", list.most_readers_at_once());
    std::printf("the writer %s; it asked for the lock at %.0f ms (the bars show only time holding\n"
                "the lock) and waited about %.0f ms for its turn\n",
                list.writer_ever_saw_a_reader() ? "saw a reader inside: WRONG" : "was always alone inside",
                writer_asked_ms, writer_waited_ms);
    const bool ok = list.most_readers_at_once() >= 2 && !list.writer_ever_saw_a_reader() &&
                    list.price("apple", "main") == 5;
    std::printf("%s\n", ok ? "check: readers overlapped, the writer was alone, and its change is visible."
                           : "check FAILED");
    return ok ? 0 : 1;
}
