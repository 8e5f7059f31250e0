/// @file channels.cpp
/// @brief Producer and consumer fibers joined by a buffered_channel, then by an unbuffered_channel.
///
/// A channel is lesson 03's bounded queue for fibers: push() suspends the producing fiber
/// while the channel is full, pop() suspends the consumer while it is empty, and close()
/// ends the stream (pop() hands out what is left, then reports `closed`). Waiting
/// suspends a fiber, never the thread.
///  - buffered_channel<T>(capacity): capacity must be a power of 2 (Boost 1.74 throws
///    otherwise), and it holds at most capacity - 1 items.
///  - unbuffered_channel<T>: no buffer at all; push() returns only once a consumer has
///    taken the item, a rendezvous.
#include <boost/fiber/all.hpp>

#include <cstdio>
#include <string>

namespace {

using boost::fibers::channel_op_status;

// The producer pushes 1..8; the consumer pops until the channel is closed. `log` records
// who did what, in order, to show how far the producer gets ahead.
template <class Channel>
std::string run(Channel& channel) {
    std::string log;
    boost::fibers::fiber producer([&] {
        for (int item = 1; item <= 8; ++item) {
            channel.push(item);
            log += "p" + std::to_string(item) + " ";
        }
        channel.close();  // no more items: the consumer's loop ends once it has taken them all
    });
    boost::fibers::fiber consumer([&] {
        int item = 0;
        while (channel.pop(item) == channel_op_status::success) log += "c" + std::to_string(item) + " ";
    });
    producer.join();
    consumer.join();
    return log;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: channels   (no arguments)\n");
        return 2;
    }
    boost::fibers::buffered_channel<int> buffered(4);  // room for 3 items
    boost::fibers::unbuffered_channel<int> unbuffered;
    const std::string with_buffer = run(buffered), without_buffer = run(unbuffered);
    std::printf("p = the producer pushed an item, c = the consumer popped it; in the order they happened:\n\n");
    std::printf("buffered_channel(4):  %s\n", with_buffer.c_str());
    std::printf("unbuffered_channel:   %s\n", without_buffer.c_str());
    std::printf("\nWith a buffer, the producer runs ahead until the channel is full (3 items), then waits\n"
                "for the consumer. Without one, every push waits for its pop: the two take turns.\n");
    int consumed = 0;
    for (const auto& log : {with_buffer, without_buffer})
        for (std::size_t at = log.find('c'); at != std::string::npos; at = log.find('c', at + 1)) ++consumed;
    std::printf("check: both channels delivered all 8 items and ended on close(): %s\n", consumed == 16 ? "yes" : "NO");
    return consumed == 16 ? 0 : 1;
}
