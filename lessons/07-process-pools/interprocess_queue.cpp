/// @file interprocess_queue.cpp
/// @brief The production library: Boost.Interprocess's message_queue between processes, found by name and removed at the end.
///
/// boost::interprocess::message_queue is a bounded queue of messages in named shared
/// memory, with a process-shared mutex and condition variables inside: lab 07's
/// SharedQueue, ready-made. Any process that knows the name can open it (fork is not
/// needed); the name stays until remove(), like shm_unlink.
#include <sys/wait.h>
#include <unistd.h>

#include <boost/interprocess/ipc/message_queue.hpp>
#include <cstdio>
#include <string>
#include <vector>

namespace ipc = boost::interprocess;

namespace {

struct Message {
    int producer;
    int number;
};

constexpr int producers = 3;
constexpr int per_producer = 1000;

}  // namespace

int main() {
    const std::string name = "course07-demo-" + std::to_string(getpid());  // unique per run
    ipc::message_queue::remove(name.c_str());
    bool ok = true;
    {
        ipc::message_queue queue(ipc::create_only, name.c_str(), /*max messages=*/16, sizeof(Message));
        std::vector<pid_t> pids;
        for (int p = 0; p < producers; ++p) {
            const pid_t pid = fork();
            if (pid == 0) {
                try {
                    ipc::message_queue mine(ipc::open_only, name.c_str());  // found by its name
                    for (int i = 0; i < per_producer; ++i) {
                        const Message message{p, i};
                        mine.send(&message, sizeof message, /*priority=*/0);  // blocks while full
                    }
                } catch (const ipc::interprocess_exception&) {
                    _exit(1);
                }
                _exit(0);
            }
            pids.push_back(pid);
        }
        long sum = 0;
        int next[producers] = {};
        for (int received = 0; received < producers * per_producer; ++received) {
            Message message{};
            ipc::message_queue::size_type size = 0;
            unsigned priority = 0;
            queue.receive(&message, sizeof message, size, priority);  // blocks while empty
            ok = ok && size == sizeof message && message.number == next[message.producer]++;
            sum += message.number;
        }
        for (pid_t pid : pids) {
            int status = 0;
            waitpid(pid, &status, 0);
            ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        std::printf("received %d messages from %d producer processes through a queue of 16; sum of numbers %ld\n",
                    producers * per_producer, producers, sum);
        ok = ok && sum == producers * static_cast<long>(per_producer) * (per_producer - 1) / 2;
    }
    const bool removed = ipc::message_queue::remove(name.c_str());  // the name goes, as shm_unlink does
    std::printf("the queue's name was %s\n", removed ? "removed" : "NOT removed");
    std::printf("%s\n", ok && removed ? "check passed: every message arrived once, each producer's in order"
                                      : "CHECK FAILED");
    return ok && removed ? 0 : 1;
}
