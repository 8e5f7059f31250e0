// Graded tests for lab 09, tasks 3-5: the line server. Points beside each test.
//
// The server runs on its own thread (RunningServer); the clients are plain blocking
// sockets with time limits (line_client.hpp), so a broken server fails a test instead
// of hanging it. Concurrency is proved by structure where it can be (a quick reply
// arrives while a slow one is still pending), and by time only against a limit five
// times wider than the work needs, which a serial server misses tenfold.
#include <algorithm>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "course/timing.hpp"
#include "grading/graded_test.hpp"
#include "line_client.hpp"
#include "line_server.hpp"

using lab09_test::Client;
using lab09_test::RunningServer;
using namespace std::chrono_literals;

// ---- Task 3: the protocol, on loopback ----------------------------------------------

GRADED_TEST(Server, EchoesAndDelays, 3, 1) {
    RunningServer running;
    Client client(running.port());
    ASSERT_TRUE(client.connected()) << "could not connect to 127.0.0.1:" << running.port();
    EXPECT_EQ(client.ask("ECHO hello, loop"), "hello, loop");
    EXPECT_EQ(client.ask("DELAY 20 later"), "later");
    EXPECT_EQ(client.ask("ECHO with a carriage return\r"), "with a carriage return") << "drop a \\r before the \\n";
    // Two requests in one packet: both answered, in order.
    ASSERT_TRUE(client.send("ECHO first\nECHO second\n"));
    std::string line;
    ASSERT_EQ(client.read_line(line), Client::Status::line);
    EXPECT_EQ(line, "first");
    ASSERT_EQ(client.read_line(line), Client::Status::line);
    EXPECT_EQ(line, "second");
}

GRADED_TEST(Server, AnswersBadRequestsWithAnError, 3, 1) {
    RunningServer running;
    Client client(running.port());
    ASSERT_TRUE(client.connected()) << "could not connect to 127.0.0.1:" << running.port();
    for (const std::string request : {"HELLO there", "", "DELAY soon text", "DELAY -5 text", "DELAY 99999999 text"}) {
        const std::string reply = client.ask(request);
        EXPECT_TRUE(reply.starts_with("ERR ")) << "the malformed request \"" << request
                                               << "\" must get a reply starting with \"ERR \", got: " << reply;
    }
    EXPECT_EQ(client.ask("ECHO still served"), "still served") << "after an error reply the client must still be served";
    EXPECT_EQ(running.ended(), "") << "the server stopped serving: " << running.ended();
}

GRADED_TEST(Server, ListensOnLoopbackOnly, 3, 1) {
    RunningServer running;
    const auto port = running.port();
    ASSERT_NE(port, 0) << "port() must say which port the system chose, not 0";
    EXPECT_EQ(running.server().local_endpoint().address().to_string(), "127.0.0.1");
    EXPECT_EQ(running.server().local_endpoint().port(), port);
    // What the kernel says, not what the server says: every listening socket on that port.
    const auto v4 = lab09_test::listening_addresses(port, "/proc/net/tcp");
    const auto v6 = lab09_test::listening_addresses(port, "/proc/net/tcp6");
    EXPECT_TRUE(v4.size() == 1 && v4[0] == "0100007F" && v6.empty())
        << "the server must listen on 127.0.0.1 only (hex 0100007F in /proc/net/tcp); on port " << port
        << " the kernel lists " << v4.size() << " IPv4 and " << v6.size()
        << " IPv6 listening sockets, the first at " << (v4.empty() ? (v6.empty() ? "none" : v6[0]) : v4[0])
        << " (00000000 is 0.0.0.0: every network interface)";
    Client client(port);
    EXPECT_EQ(client.ask("ECHO local"), "local");
}

// ---- Task 4: many clients at once, on one thread -------------------------------------

GRADED_TEST(Server, ServesFiftyClientsAtOnce, 4, 2) {
    constexpr int clients = 50;
    constexpr int delay_ms = 200;
    RunningServer running;
    std::latch all_connected(clients);
    std::vector<std::string> replies(clients);
    std::vector<course::Clock::time_point> sent(clients), answered(clients);
    std::vector<int> connected(clients, 0);  // not vector<bool>: its bits share bytes
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < clients; ++i)
            threads.emplace_back([&, i] {
                Client client(running.port(), 3000ms);
                connected[i] = client.connected();
                all_connected.arrive_and_wait();  // 50 open connections at the same moment
                sent[i] = course::Clock::now();
                replies[i] = client.ask("DELAY " + std::to_string(delay_ms) + " client " + std::to_string(i));
                answered[i] = course::Clock::now();
            });
    }
    for (int i = 0; i < clients; ++i) ASSERT_TRUE(connected[i]) << "client " << i << " could not connect";
    const auto first_sent = *std::min_element(sent.begin(), sent.end());
    int in_time = 0;
    double last_ms = 0;
    for (int i = 0; i < clients; ++i) {
        const double ms = course::Millis(answered[i] - first_sent).count();
        last_ms = std::max(last_ms, ms);
        if (replies[i] == "client " + std::to_string(i) && ms < 5 * delay_ms) ++in_time;
    }
    for (int i = 0; i < clients; ++i)
        ASSERT_TRUE(replies[i] == "client " + std::to_string(i) || replies[i].starts_with("<no reply"))
            << "client " << i << " got a wrong reply: " << replies[i];
    EXPECT_EQ(in_time, clients)
        << "the server answered the clients one after another, not at the same time: 50 clients connected at "
           "once, each asked for a reply after "
        << delay_ms << " ms, and only " << in_time << " of 50 replies came within 5 delays (" << 5 * delay_ms
        << " ms); the last came after " << last_ms << " ms (one after another takes 50 x " << delay_ms
        << " ms = 10 s). Is something blocking the loop?";
}

GRADED_TEST(Server, SlowClientDoesNotBlockOthers, 4, 1) {
    RunningServer running;
    Client slow(running.port());
    ASSERT_TRUE(slow.send("DELAY 1500 slow\n"));
    std::this_thread::sleep_for(100ms);  // let the server read the slow request first
    Client quick(running.port());
    const std::string reply = quick.ask("ECHO quick");
    const bool slow_already_answered = slow.reply_waiting();
    EXPECT_EQ(reply, "quick");
    EXPECT_FALSE(slow_already_answered)
        << "a slow client blocked the loop: the quick ECHO was answered only after the slow client's DELAY 1500 "
           "(wait with an asio timer, never std::this_thread::sleep_for, inside a coroutine)";
}

// ---- Task 5: robust against bad clients --------------------------------------------

GRADED_TEST(Server, SurvivesAnOversizedLine, 5, 2) {
    RunningServer running(64);  // lines up to 64 bytes
    Client bystander(running.port());
    Client client(running.port());
    EXPECT_EQ(client.ask("ECHO " + std::string(40, 'a')), std::string(40, 'a')) << "a 45-byte line is within the limit";
    std::string oversized(5000, 'x');
    oversized += "\nECHO after the long line\n";  // appended, not `+`: GCC 12 warns falsely (-Warray-bounds) on `string(5000) + "..."`
    ASSERT_TRUE(client.send(oversized));
    std::string line;
    const auto first = client.read_line(line);
    ASSERT_TRUE(first == Client::Status::line && line.starts_with("ERR "))
        << "a 5000-byte line (the limit is 64) must get a reply starting with \"ERR \", got: "
        << (first == Client::Status::line ? line
                                          : first == Client::Status::closed ? "<the server closed the connection>"
                                                                            : "<no reply within the time limit>");
    const auto second = client.read_line(line);
    EXPECT_NE(second, Client::Status::closed)
        << "the server closed the connection after the oversized line: answer it with an error, skip the rest of "
           "that line, and go on serving the same client";
    EXPECT_TRUE(second == Client::Status::line && line == "after the long line")
        << "after the error reply, the next request on the same connection must be answered; got: "
        << (second == Client::Status::line ? line : "<nothing>");
    EXPECT_EQ(bystander.ask("ECHO unharmed"), "unharmed") << "another client must be served as before";
    EXPECT_EQ(running.ended(), "") << "the server stopped serving: " << running.ended();
}

GRADED_TEST(Server, SurvivesVanishedClients, 5, 2) {
    RunningServer running;
    {
        Client gone_before_reply(running.port());
        ASSERT_TRUE(gone_before_reply.send("DELAY 200 nobody will read this\n"));
        Client gone_mid_line(running.port());
        ASSERT_TRUE(gone_mid_line.send("ECHO half a li"));
        Client gone_at_once(running.port());
        std::this_thread::sleep_for(100ms);  // the server has read the DELAY request by now
        gone_before_reply.vanish();          // reset: the reply will have nowhere to go
        gone_mid_line.vanish();
    }  // gone_at_once closes politely without a word
    std::this_thread::sleep_for(400ms);  // the DELAY reply has met the closed connection by now
    EXPECT_EQ(running.ended(), "") << "the server stopped serving after a client vanished: " << running.ended();
    Client next(running.port(), 2000ms);
    EXPECT_EQ(next.ask("ECHO still here"), "still here")
        << "after clients vanished mid-request, a new client must still be served";
}
