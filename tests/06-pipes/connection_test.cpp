// Graded tests for lab 06 (messages over pipes and socket pairs). Points are declared beside
// each test.
//
// Most tests fork a child (helpers.hpp) that holds the other end, as a real program would.
// Every call into the lab that may block runs through start(...) and is awaited with a time
// limit, so a connection that hangs fails its test with a sentence, never the whole run.
// Nothing here depends on timing luck: pauses only give a wrong implementation the chance to
// show itself; a correct one passes whatever the scheduler does.
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "connection.hpp"
#include "grading/graded_test.hpp"
#include "helpers.hpp"

using lab06::Connection;
using lab06::ConnectionClosed;
using lab06::ProtocolError;
using namespace lab06_testing;
using namespace std::chrono_literals;

namespace {

// Far longer than any correct call takes, even under AddressSanitizer on a busy machine.
constexpr auto patience = 4s;
constexpr std::size_t MiB = 1024 * 1024;

const char* kind(bool duplex) { return duplex ? "socket pair (duplex)" : "pipe (one-way)"; }

double since_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Why `got` is not `expected`, in words; "" if it is.
std::string mismatch(const std::string& got, const std::string& expected) {
    if (got == expected) return "";
    if (got.size() < expected.size() && expected.compare(0, got.size(), got) == 0)
        return "recv() returned " + std::to_string(got.size()) + " of the " + std::to_string(expected.size()) +
               " bytes sent: it took a partial read for a whole message. One read() returns what has arrived so "
               "far; keep reading until the header, then the body, is complete";
    return "the message arrived changed: " + first_difference(got, expected);
}

// A child that echoes `count` messages back on the second end of `ends`, then exits.
std::function<std::string()> echo(std::shared_ptr<Ends> ends, std::size_t count) {
    return [ends, count] {
        ends->first().close();  // the parent's end: the child does not use it
        for (std::size_t i = 0; i < count; ++i) ends->second().send(ends->second().recv());
        return std::string();
    };
}

// Sends each message on the first end and expects it back whole from the echoing child.
// `overlap`: receive while still sending, as a large message needs (the child echoes what
// it got, even a part, and would otherwise wait for this process to read it).
void expect_echoes(const std::shared_ptr<Ends>& ends, const std::vector<std::string>& messages, bool overlap) {
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const std::string& message = messages[i];
        const std::string what = "message " + std::to_string(i + 1) + " (" + std::to_string(message.size()) + " bytes)";
        auto sent = start([ends, message] { ends->first().send(message); });
        if (!overlap) {
            ASSERT_TRUE(sent->finished_within(patience)) << "send() of " << what << " had not returned after 4 s";
            ASSERT_FALSE(sent->threw()) << "send() of " << what << " " << sent->outcome();
        }
        auto got = start([ends] { return ends->first().recv(); });
        ASSERT_TRUE(got->finished_within(patience))
            << "recv() of the echo of " << what << " had not returned after 4 s (send() "
            << (sent->finished() ? "had returned" : "had not returned either") << ")";
        ASSERT_FALSE(got->threw()) << "recv() of the echo of " << what << " " << got->outcome();
        ASSERT_TRUE(got->value() == message) << "the echo of " << what << " was not the message sent: "
                                             << mismatch(got->value(), message);
        ASSERT_TRUE(sent->finished_within(patience)) << "send() of " << what << " had not returned after 4 s, "
                                                     << "though its echo had come back";
        ASSERT_FALSE(sent->threw()) << "send() of " << what << " " << sent->outcome();
    }
}

void expect_child_succeeded(Child& child, const char* what) {
    ASSERT_TRUE(child.exited_within(patience)) << "the child (" << what << ") had not exited after 4 s";
    const std::string failure = child.failure();
    EXPECT_TRUE(failure.empty()) << "the child (" << what << ") failed: " << failure;
}

// Sends SIGUSR1 to each call's thread every 2 ms until all have finished or `limit` passes.
template <class... Calls>
void interrupt_until_done(std::chrono::milliseconds limit, Calls&... calls) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline && !(calls->finished() && ...)) {
        ((calls->finished() ? void() : void(pthread_kill(calls->native_handle(), SIGUSR1))), ...);
        std::this_thread::sleep_for(2ms);
    }
}

}  // namespace

// ---- Task 1: ends that close exactly once ------------------------------------------------

GRADED_TEST(MakePipe, EndsAreOpenAndCloseOnExec, 1, 1) {
    for (bool duplex : {true, false}) {
        auto [first, second] = lab06::make_pipe(duplex);
        const std::string on = std::string(" (on a ") + kind(duplex) + ")";
        ASSERT_TRUE(is_open(first.fileno()) && is_open(second.fileno()) && first.fileno() != second.fileno())
            << "make_pipe() must return two ends, each owning its own open descriptor (fileno() "
            << first.fileno() << " and " << second.fileno() << ")" << on;
        EXPECT_FALSE(first.closed() || second.closed()) << "a new end must not say it is closed" << on;
        for (int fd : {first.fileno(), second.fileno()})
            EXPECT_TRUE(::fcntl(fd, F_GETFD) & FD_CLOEXEC)
                << "descriptor " << fd << " is not close-on-exec: create it with SOCK_CLOEXEC / O_CLOEXEC, "
                << "or every program this process exec()s inherits it and may keep the other end from EOF" << on;
        struct stat info {};
        ASSERT_EQ(::fstat(first.fileno(), &info), 0);
        if (duplex) {
            EXPECT_TRUE(S_ISSOCK(info.st_mode)) << "a duplex connection is a socketpair(AF_UNIX, SOCK_STREAM)";
            EXPECT_TRUE(first.readable() && first.writable() && second.readable() && second.writable())
                << "both ends of a duplex connection send and receive";
        } else {
            EXPECT_TRUE(S_ISFIFO(info.st_mode)) << "a one-way connection is a pipe()";
            EXPECT_TRUE(first.readable() && !first.writable()) << "the first end of a one-way pipe only receives";
            EXPECT_TRUE(second.writable() && !second.readable()) << "the second end of a one-way pipe only sends";
        }
        // Bytes written to the second end come out of the first (raw calls, not the lab's).
        ASSERT_TRUE(write_raw(second.fileno(), "ok"));
        pollfd entry{first.fileno(), POLLIN, 0};
        char got[2] = {};
        ASSERT_TRUE(::poll(&entry, 1, 2000) == 1 && ::read(first.fileno(), got, 2) == 2 && got[0] == 'o')
            << "bytes written to the second end did not come out of the first: the ends are not connected "
            << "(or first and second are swapped: first is a pipe's reading end)" << on;
    }
    EXPECT_THROW(Connection(-1, true, true), std::invalid_argument) << "a negative descriptor is not a connection";
    const int spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    EXPECT_THROW(Connection(spare, false, false), std::invalid_argument)
        << "an end that may neither read nor write is a mistake: throw std::invalid_argument";
    ::close(spare);
}

GRADED_TEST(Lifetime, MoveLeavesOneOwner, 1, 1) {
    auto [first, second] = lab06::make_pipe(true);
    const int fd = first.fileno();
    Connection moved(std::move(first));
    EXPECT_EQ(moved.fileno(), fd) << "the move constructor must take over the descriptor";
    EXPECT_TRUE(moved.readable() && moved.writable()) << "the move constructor must take over the directions too";
    ASSERT_TRUE(first.closed() && first.fileno() == -1)
        << "a moved-from end must be left closed (fileno() -1); otherwise two objects own descriptor " << fd
        << " and both close it";
    first.close();
    ASSERT_TRUE(is_open(fd)) << "closing the moved-from end closed descriptor " << fd << ", which the new owner uses";

    // Move-assigning onto an open end closes that end's old descriptor first.
    const int old = second.fileno();
    second = std::move(moved);
    EXPECT_FALSE(is_open(old)) << "assigning onto an open end must close its old descriptor " << old
                               << " (it leaked)";
    EXPECT_EQ(second.fileno(), fd) << "move assignment must take over the descriptor";
    EXPECT_TRUE(moved.closed()) << "a moved-from end must be left closed";
    Connection& same = second;
    second = std::move(same);
    EXPECT_EQ(second.fileno(), fd) << "moving an end into itself must change nothing";
    ASSERT_TRUE(is_open(fd)) << "moving an end into itself closed its descriptor";

    {  // a moved-from end that goes out of scope must not close what it gave away
        Connection holder(std::move(second));
        Connection keeper;
        keeper = std::move(holder);
        second = std::move(keeper);
    }
    EXPECT_TRUE(is_open(fd) && second.fileno() == fd)
        << "destroying moved-from ends closed descriptor " << fd << ", which another end still owned";
}

GRADED_TEST(Lifetime, ClosesExactlyOnce, 1, 1) {
    int stranger = -1;
    {
        auto [first, second] = lab06::make_pipe(false);
        const int fd = first.fileno();
        first.close();
        EXPECT_TRUE(first.closed() && first.fileno() == -1) << "after close(), closed() is true and fileno() is -1";
        ASSERT_FALSE(is_open(fd)) << "close() left descriptor " << fd << " open: the other end can then never "
                                  << "see end of file (EOF) while this process lives";
        // A new file now gets the lowest free number, usually the one just freed. Closing
        // the end again, or destroying it, must not touch it.
        stranger = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        first.close();
        ASSERT_TRUE(is_open(stranger)) << "calling close() a second time closed descriptor " << stranger
                                       << ", which by then belonged to another file";
    }
    EXPECT_TRUE(is_open(stranger)) << "destroying a closed end closed descriptor " << stranger
                                   << ", which by then belonged to another file";
    ::close(stranger);
}

GRADED_TEST(Lifetime, NoDescriptorLeaked, 1, 1) {
    const int before = open_descriptors();
    ASSERT_GT(before, 0) << "cannot count this process's descriptors (/proc/self/fd)";
    for (int round = 0; round < 20; ++round) {
        for (bool duplex : {true, false}) {
            auto [first, second] = lab06::make_pipe(duplex);
            Connection keeper(std::move(first));
            auto [third, fourth] = lab06::make_pipe(duplex);
            keeper = std::move(third);  // keeper's old descriptor must be closed here
            second.close();
            int raw[2];
            ASSERT_EQ(::pipe(raw), 0);
            Connection adopted_reader(raw[0], true, false), adopted_writer(raw[1], false, true);
        }  // every end still open closes here
    }
    const int after = open_descriptors();
    EXPECT_EQ(after, before) << "the process had " << before << " open descriptors before and " << after
                             << " after 40 connections came and went: "
                             << (after > before ? "descriptors leaked (does the destructor close? does move "
                                                  "assignment close the old descriptor?)"
                                                : "something was closed twice");
}

// ---- Task 2: whole messages ----------------------------------------------------------------

GRADED_TEST(RoundTrip, SmallMessages, 2, 1) {
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
    const std::vector<std::string> messages{
        "", "a", "hello, pipe", std::string("zero\0bytes\0inside", 17), all_bytes, pattern(1000, 1), ""};
    auto ends = open_pipe(true);
    Child child(echo(ends, messages.size()));
    ends->second().close();  // the child's end: this process does not use it
    expect_echoes(ends, messages, false);
    expect_child_succeeded(child, "echoing each message back");

    // The std::span overload, on a one-way pipe from the child to this process.
    auto pipe = open_pipe(false);
    Child writer([pipe, all_bytes] {
        pipe->first().close();
        const std::vector<std::byte> bytes(reinterpret_cast<const std::byte*>(all_bytes.data()),
                                           reinterpret_cast<const std::byte*>(all_bytes.data()) + all_bytes.size());
        pipe->second().send(std::span<const std::byte>(bytes));
        pipe->second().send(std::span<const std::byte>());
        return std::string();
    });
    pipe->second().close();
    for (const std::string& expected : {all_bytes, std::string()}) {
        auto got = start([pipe] { return pipe->first().recv(); });
        ASSERT_TRUE(got->finished_within(patience)) << "recv() on a one-way pipe had not returned after 4 s";
        ASSERT_FALSE(got->threw()) << "recv() on a one-way pipe " << got->outcome();
        EXPECT_TRUE(got->value() == expected) << "a message sent with send(std::span<const std::byte>) came out "
                                              << "changed: " << first_difference(got->value(), expected);
    }
    expect_child_succeeded(writer, "sending two messages on a one-way pipe");
}

GRADED_TEST(RoundTrip, LargeMessages, 2, 2) {
    // Far larger than a socket's buffer (about 200 KiB on Linux): every one of these needs
    // many write() and read() calls, whose sizes the kernel chooses.
    const std::vector<std::string> messages{pattern(1 * MiB, 2), pattern(3 * MiB + 7, 3), pattern(8 * MiB, 4),
                                            "small after large"};
    auto ends = open_pipe(true);
    Child child(echo(ends, messages.size()));
    ends->second().close();
    expect_echoes(ends, messages, true);
    expect_child_succeeded(child, "echoing each message back");
}

GRADED_TEST(RoundTrip, MessageArrivingInPieces, 2, 2) {
    // The child writes raw frames in small pieces with pauses between them, the way a busy
    // or far-away sender's data really arrives. Each read() returns only what is there.
    const std::string body = pattern(3000, 5);
    auto pipe = open_pipe(false);
    Child writer([pipe, body] {
        pipe->first().close();
        const int fd = pipe->second().fileno();
        const std::string frame = header(3000) + body;
        // The header in three pieces (1 + 2 + 1 bytes), then the body 100 bytes at a time.
        std::vector<std::size_t> cuts{1, 3, 4};
        for (std::size_t at = 4 + 100; at < frame.size(); at += 100) cuts.push_back(at);
        cuts.push_back(frame.size());
        std::size_t from = 0;
        for (std::size_t to : cuts) {
            if (!write_raw(fd, std::string_view(frame).substr(from, to - from))) return std::string("write failed");
            from = to;
            std::this_thread::sleep_for(3ms);
        }
        const std::string empty = header(0), tail = header(4) + "tail";
        write_raw(fd, empty.substr(0, 2));
        std::this_thread::sleep_for(20ms);
        write_raw(fd, empty.substr(2) + tail);  // the rest of one frame and a whole other one
        return std::string();
    });
    pipe->second().close();
    for (const std::string& expected : {body, std::string(), std::string("tail")}) {
        auto got = start([pipe] { return pipe->first().recv(); });
        ASSERT_TRUE(got->finished_within(patience)) << "recv() had not returned after 4 s";
        ASSERT_FALSE(got->threw()) << "recv() of a " << expected.size() << "-byte message sent in pieces "
                                   << got->outcome();
        ASSERT_TRUE(got->value() == expected) << "a message sent in pieces: " << mismatch(got->value(), expected);
    }
    expect_child_succeeded(writer, "writing frames in pieces");
}

GRADED_TEST(RoundTrip, BothWaysAtOnce, 2, 2) {
    // 10 MiB each way at the same time on one duplex connection. Each process sends from
    // one thread while another thread receives, so both directions drain as they fill: a
    // correct connection always finishes. (Had both sides sent first and received after,
    // any connection would deadlock, because 10 MiB is far more than the socket can hold;
    // this test never asks that.)
    const std::size_t size = 10 * MiB;
    auto ends = open_pipe(true);
    Child child([ends, size] {
        ends->first().close();
        Connection& end = ends->second();
        std::string send_failure;
        std::thread sender([&] {
            try {
                end.send(pattern(size, 7));
            } catch (const std::exception& error) {
                send_failure = std::string("the child's send() threw: ") + error.what();
            }
        });
        std::string got, recv_failure;
        try {
            got = end.recv();
        } catch (const std::exception& error) {
            recv_failure = std::string("the child's recv() threw: ") + error.what();
        }
        sender.join();
        if (!send_failure.empty()) return send_failure;
        if (!recv_failure.empty()) return recv_failure;
        if (got != pattern(size, 6)) return "the child's recv() of 10 MiB: " + mismatch(got, pattern(size, 6));
        return std::string();
    });
    ends->second().close();
    const std::string mine = pattern(size, 6), theirs = pattern(size, 7);
    auto sent = start([ends, mine] { ends->first().send(mine); });
    auto got = start([ends] { return ends->first().recv(); });
    const auto deadline = std::chrono::steady_clock::now() + 6s;
    const bool got_done = got->finished_within(6s);
    if (got_done && !got->threw()) {
        ASSERT_TRUE(got->value() == theirs) << "the child's 10 MiB message: " << mismatch(got->value(), theirs);
    }
    const bool sent_done = sent->finished_within(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()) + 1ms);
    ASSERT_TRUE(sent_done && got_done)
        << "after 6 s the 10 MiB messages had not both arrived (this process's send() "
        << (sent_done ? "had returned" : "had NOT returned") << ", its recv() " << (got_done ? "had" : "had NOT")
        << "): each side sends on one thread while another receives, so a correct connection cannot deadlock "
        << "here. Does send() hold something that recv() needs (one lock for both directions)?";
    ASSERT_FALSE(sent->threw()) << "send() of 10 MiB " << sent->outcome();
    ASSERT_FALSE(got->threw()) << "recv() of 10 MiB " << got->outcome();
    expect_child_succeeded(child, "sending and receiving 10 MiB at once");
}

GRADED_TEST(Threads, SendWhileAnotherThreadReceives, 2, 1) {
    // The contract: one thread may send while another receives on the same end. Here a
    // thread waits in recv() for an answer that only comes after this thread's send().
    auto ends = open_pipe(true);
    Child child(echo(ends, 1));
    ends->second().close();
    auto answer = start([ends] { return ends->first().recv(); });
    std::this_thread::sleep_for(200ms);  // the receiving thread settles into its wait
    auto sent = start([ends] { ends->first().send("ping"); });
    ASSERT_TRUE(sent->finished_within(patience))
        << "send() did not return while another thread waited in recv() on the same end: a receiver "
        << "must not block senders (is one lock held by recv() while it waits?)";
    ASSERT_FALSE(sent->threw()) << "send() " << sent->outcome();
    ASSERT_TRUE(answer->finished_within(patience)) << "recv() did not return the echoed answer within 4 s";
    ASSERT_FALSE(answer->threw()) << "recv() " << answer->outcome();
    EXPECT_EQ(answer->value(), "ping");
    expect_child_succeeded(child, "echoing one message");
}

GRADED_TEST(Eof, AfterPeerExits, 2, 1) {
    for (bool duplex : {true, false}) {
        const std::string on = std::string(" (on a ") + kind(duplex) + ")";
        auto ends = open_pipe(duplex);
        Child child([ends] {
            ends->first().close();
            ends->second().send("last words");
            return std::string();
        });
        ends->second().close();  // this process's copy of the child's end: without this, no EOF ever
        expect_child_succeeded(child, "sending one message, then exiting");
        auto got = start([ends] { return ends->first().recv(); });
        ASSERT_TRUE(got->finished_within(patience)) << "recv() had not returned the child's message after 4 s";
        ASSERT_FALSE(got->threw()) << "recv() of a message sent just before the child exited " << got->outcome();
        EXPECT_EQ(got->value(), "last words");
        for (const char* which : {"first", "second"}) {
            auto eof = start([ends] { return ends->first().recv(); });
            ASSERT_TRUE(eof->finished_within(3s))
                << "timed out waiting for end of file (EOF): the " << which << " recv() after the child exited "
                << "was still waiting after 3 s" << on << ". EOF comes only once every copy of the other end is "
                << "closed: does close() really close the descriptor?";
            EXPECT_TRUE(eof->threw_a<ConnectionClosed>()) << "the " << which << " recv() at end of file" << on
                                                          << " must throw lab06::ConnectionClosed; it "
                                                          << eof->outcome();
        }
    }
}

GRADED_TEST(Signals, InterruptedCallsRetry, 2, 1) {
    // SIGUSR1 arrives every 2 ms, with a handler installed without SA_RESTART: each blocked
    // read(), write() or poll() it interrupts fails with EINTR, and must simply be retried.
    install_interrupting_handler();
    const std::string big = pattern(4 * MiB, 8);
    auto ends = open_pipe(true);
    Child child([ends, big] {
        ends->first().close();
        std::this_thread::sleep_for(300ms);  // the parent's send() and recv() are blocked meanwhile
        const std::string got = ends->second().recv();
        if (got != big) return "the child's recv() of 4 MiB: " + mismatch(got, big);
        std::this_thread::sleep_for(100ms);
        ends->second().send("done");
        return std::string();
    });
    ends->second().close();
    auto sent = start([ends, big] { ends->first().send(big); });
    auto got = start([ends] { return ends->first().recv(); });
    interrupt_until_done(5s, sent, got);
    ASSERT_TRUE(sent->finished() && got->finished()) << "send() or recv() had not returned after 5 s";
    expect_child_succeeded(child, "receiving 4 MiB slowly, then answering");
    ASSERT_FALSE(sent->threw()) << "send() gave up when a signal interrupted it: it " << sent->outcome()
                                << ". A write() that fails with EINTR wrote nothing: call it again";
    ASSERT_FALSE(got->threw()) << "recv() gave up when a signal interrupted it: it " << got->outcome()
                               << ". A read() that fails with EINTR read nothing: call it again";
    EXPECT_EQ(got->value(), "done");

    // poll() on an idle connection: interrupted over and over, it still waits its 300 ms.
    auto idle = open_pipe(true);
    auto polled = start([idle] {
        const auto begin = std::chrono::steady_clock::now();
        const bool ready = idle->first().poll(300ms);
        return std::make_pair(ready, since_ms(begin));
    });
    interrupt_until_done(3s, polled);
    ASSERT_TRUE(polled->finished()) << "poll(300 ms) had not returned after 3 s";
    ASSERT_FALSE(polled->threw()) << "poll() gave up when a signal interrupted it: it " << polled->outcome();
    EXPECT_FALSE(polled->value().first) << "poll() returned true on a connection nobody wrote to";
    EXPECT_GE(polled->value().second, 250.0)
        << "poll(300 ms) returned after " << polled->value().second << " ms: a signal cut the wait short. On "
        << "EINTR, poll() again for the time that is left";
}

// ---- Task 3: poll, and a connection that survives bad input ----------------------------------

GRADED_TEST(Poll, IdleConnectionTimesOut, 3, 1) {
    for (bool duplex : {true, false}) {
        const std::string on = std::string(" (on a ") + kind(duplex) + ")";
        auto ends = open_pipe(duplex);
        auto timed = [ends](std::chrono::milliseconds timeout) {
            return start([ends, timeout] {
                const auto begin = std::chrono::steady_clock::now();
                const bool ready = ends->first().poll(timeout);
                return std::make_pair(ready, since_ms(begin));
            });
        };
        auto now = timed(0ms);
        ASSERT_TRUE(now->finished_within(patience)) << "poll(0 ms) had not returned after 4 s: 0 means do not wait";
        ASSERT_FALSE(now->threw()) << "poll(0 ms) " << now->outcome();
        EXPECT_FALSE(now->value().first) << "poll() returned true, but nothing was sent" << on;
        auto later = timed(50ms);
        ASSERT_TRUE(later->finished_within(patience)) << "poll(50 ms) had not returned after 4 s";
        ASSERT_FALSE(later->threw()) << "poll(50 ms) " << later->outcome();
        const auto [ready, ms] = later->value();
        EXPECT_FALSE(ready) << "poll(50 ms) returned true, but nothing was sent" << on;
        EXPECT_GE(ms, 40.0) << "poll(50 ms) on an idle connection" << on << " returned after " << ms
                            << " ms: it must wait up to its timeout for something to arrive";
        EXPECT_LT(ms, 1000.0) << "poll(50 ms) took " << ms << " ms to give up";
    }
}

GRADED_TEST(Poll, ReadyDataOrEofAtOnce, 3, 1) {
    auto ends = open_pipe(true);
    ends->second().send("ready");
    auto soon = [ends] {
        return start([ends] {
            const auto begin = std::chrono::steady_clock::now();
            const bool ready = ends->first().poll(3s);
            return std::make_pair(ready, since_ms(begin));
        });
    };
    auto data = soon();
    ASSERT_TRUE(data->finished_within(patience)) << "poll(3 s) had not returned after 4 s with a message waiting";
    ASSERT_FALSE(data->threw()) << "poll() " << data->outcome();
    EXPECT_TRUE(data->value().first && data->value().second < 1000.0)
        << "with a message waiting, poll(3 s) must return true at once (it returned " << data->value().first
        << " after " << data->value().second << " ms)";
    auto got = start([ends] { return ends->first().recv(); });
    ASSERT_TRUE(got->finished_within(patience) && !got->threw()) << "recv() after poll() " << got->outcome();
    EXPECT_EQ(got->value(), "ready");

    ends->second().close();
    auto eof = soon();
    ASSERT_TRUE(eof->finished_within(patience)) << "poll(3 s) had not returned after 4 s with the other end closed";
    ASSERT_FALSE(eof->threw()) << "poll() at end of file " << eof->outcome() << ": it must return true";
    EXPECT_TRUE(eof->value().first && eof->value().second < 1000.0)
        << "with the other end closed, poll(3 s) must report end of file (EOF) as ready at once (it returned "
        << eof->value().first << " after " << eof->value().second << " ms)";
}

GRADED_TEST(Frames, AbsurdLengthRejected, 3, 1) {
    // A header is only 4 bytes of someone else's data. These announce 1 GiB + 1 byte (just
    // over max_message_size) and 4 GiB - 1: recv() must refuse before allocating a thing.
    for (std::uint32_t announced : {static_cast<std::uint32_t>(lab06::max_message_size + 1), 0xFFFFFFFFu}) {
        auto ends = open_pipe(true);
        ASSERT_TRUE(write_raw(ends->second().fileno(), header(announced) + "abc"));
        auto got = start([ends] { return ends->first().recv(); });
        ASSERT_TRUE(got->finished_within(3s))
            << "recv() did not reject a header announcing " << announced << " bytes (more than max_message_size): "
            << "after 3 s it was still waiting for a body that will never come, after allocating room for it";
        EXPECT_TRUE(got->threw_a<ProtocolError>())
            << "a header announcing " << announced << " bytes must make recv() throw lab06::ProtocolError; it "
            << got->outcome();
    }
}

GRADED_TEST(Frames, TruncatedFramesRejected, 3, 1) {
    struct Case {
        const char* what;
        std::string bytes;
    };
    const Case cases[] = {{"a header cut short (2 of 4 bytes)", header(100).substr(0, 2)},
                          {"a body cut short (10 of 100 bytes)", header(100) + pattern(10, 9)}};
    for (const Case& truncated : cases) {
        auto ends = open_pipe(false);
        ASSERT_TRUE(write_raw(ends->second().fileno(), truncated.bytes));
        ends->second().close();
        auto got = start([ends] { return ends->first().recv(); });
        ASSERT_TRUE(got->finished_within(3s))
            << "recv() of " << truncated.what << " was still waiting 3 s after the writer closed, instead of "
            << "seeing end of file (EOF): does close() really close the descriptor?";
        EXPECT_TRUE(got->threw_a<ProtocolError>())
            << "end of file inside a frame (" << truncated.what << ") must make recv() throw "
            << "lab06::ProtocolError: a message cut short must never be returned as whole; it " << got->outcome();
    }
}

GRADED_TEST(Errors, BrokenPipeThrows, 3, 1) {
    // In a child with SIGPIPE's default action (terminate), as in any C++ program: a write
    // to a pipe nobody reads raises SIGPIPE, which must not kill the process.
    Child child([] {
        ::signal(SIGPIPE, SIG_DFL);
        for (bool duplex : {false, true}) {
            auto [first, second] = lab06::make_pipe(duplex);
            first.close();  // nobody is left to read
            try {
                second.send("anyone there?");
                return std::string("send() on a ") + kind(duplex) + " whose other end is closed returned normally: "
                       "it must throw lab06::ConnectionClosed";
            } catch (const ConnectionClosed&) {
            } catch (const std::exception& error) {
                return std::string("send() on a ") + kind(duplex) + " whose other end is closed must throw "
                       "lab06::ConnectionClosed; it threw: " + error.what();
            }
        }
        return std::string();
    });
    ASSERT_TRUE(child.exited_within(patience)) << "the child sending into closed pipes had not exited after 4 s";
    ASSERT_FALSE(child.killed_by(SIGPIPE))
        << "send() on a pipe whose reading end is closed killed the process with SIGPIPE. Use MSG_NOSIGNAL "
        << "on sockets, and block (or ignore) SIGPIPE around a pipe's write(), so that it fails with EPIPE";
    const std::string failure = child.failure();
    EXPECT_TRUE(failure.empty()) << failure;
}

GRADED_TEST(Errors, MisuseThrows, 3, 1) {
    auto pipe = open_pipe(false);
    const auto expect_refused = [](auto call, const std::string& what, auto check, const char* expected) {
        auto done = start(call);
        ASSERT_TRUE(done->finished_within(patience)) << what << " had not returned after 4 s";
        EXPECT_TRUE(check(*done)) << what << " must throw " << expected << "; it " << done->outcome();
    };
    const auto logic_error = [](auto& call) { return call.template threw_a<std::logic_error>(); };
    const auto closed_error = [](auto& call) { return call.template threw_a<ConnectionClosed>(); };
    expect_refused([pipe] { pipe->first().send("x"); }, "send() on the receiving end of a one-way pipe", logic_error,
                   "std::logic_error");
    expect_refused([pipe] { return pipe->second().recv(); }, "recv() on the sending end of a one-way pipe",
                   logic_error, "std::logic_error");
    expect_refused([pipe] { return pipe->second().poll(); }, "poll() on the sending end of a one-way pipe",
                   logic_error, "std::logic_error");

    auto closed = std::make_shared<Connection>();  // closed from birth
    auto duplex = open_pipe(true);
    duplex->first().close();  // closed by close()
    for (auto end : {closed, std::shared_ptr<Connection>(duplex, &duplex->first())}) {
        expect_refused([end] { end->send("x"); }, "send() on a closed end", closed_error, "lab06::ConnectionClosed");
        expect_refused([end] { return end->recv(); }, "recv() on a closed end", closed_error, "lab06::ConnectionClosed");
        expect_refused([end] { return end->poll(); }, "poll() on a closed end", closed_error, "lab06::ConnectionClosed");
    }

    // A message one byte over the limit, without allocating 1 GiB: an address range the
    // kernel backs with zero pages only when read (MAP_NORESERVE), which a correct send()
    // never reads.
    auto ends = open_pipe(true);
    const std::size_t size = lab06::max_message_size + 1;
    void* memory = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    ASSERT_NE(memory, MAP_FAILED);
    const std::span<const std::byte> huge(static_cast<const std::byte*>(memory), size);
    auto sent = start([ends, huge] { ends->first().send(huge); });
    ASSERT_TRUE(sent->finished_within(3s)) << "send() of a message larger than max_message_size was still sending "
                                              "after 3 s: it must throw std::length_error before sending anything";
    ::munmap(memory, size);  // only once send() is surely done with it
    EXPECT_TRUE(sent->threw_a<std::length_error>())
        << "send() of a message larger than max_message_size must throw std::length_error; it " << sent->outcome();
    pollfd entry{ends->second().fileno(), POLLIN, 0};
    EXPECT_EQ(::poll(&entry, 1, 0), 0) << "send() wrote part of a message it then refused: check the size first";
}
