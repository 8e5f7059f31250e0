/// @file process_queue.cpp
/// @brief multiprocessing.Queue underneath: five producer processes write records into one pipe; one consumer reads them all.
///
/// A pipe is a queue of bytes that any number of processes can write to. The kernel
/// guarantees that a write of at most PIPE_BUF bytes (4096 on Linux) is atomic: it is
/// never interleaved with another process's write. So fixed-size records written whole
/// come out whole. The consumer knows that every producer is done when read() reports
/// end-of-file, which happens only once every write end is closed: including its own.
#include <limits.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace {

struct Record {  // 64 bytes, far below PIPE_BUF: one write() of it is never split or mixed
    int producer;
    int number;
    char text[56];
};
static_assert(sizeof(Record) <= PIPE_BUF);

constexpr int producers = 5;
constexpr int per_producer = 3;

}  // namespace

int main() {
    int queue[2];
    if (pipe(queue) != 0) return 1;
    std::vector<pid_t> pids;
    for (int p = 0; p < producers; ++p) {
        const pid_t pid = fork();
        if (pid == 0) {
            close(queue[0]);  // a producer only writes
            for (int i = 0; i < per_producer; ++i) {
                Record record{p, i, {}};
                std::snprintf(record.text, sizeof record.text, "process %d is working (message %d)", p, i);
                if (write(queue[1], &record, sizeof record) != sizeof record) _exit(1);
                usleep(1000);  // a little work between messages: the producers take turns
            }
            _exit(0);
        }
        pids.push_back(pid);
    }
    // The consumer must close its own write end: otherwise read() waits for it for ever.
    close(queue[1]);

    std::printf("PIPE_BUF = %d bytes: a write of up to that many bytes is atomic; a record is %zu\n", PIPE_BUF, sizeof(Record));
    int received = 0;
    int next[producers] = {};
    bool in_order = true;
    Record record;
    ssize_t n;
    while ((n = read(queue[0], &record, sizeof record)) == sizeof record) {  // 0 = end-of-file: all producers gone
        std::printf("  got from producer %d: %s\n", record.producer, record.text);
        in_order = in_order && record.number == next[record.producer]++;
        ++received;
    }
    close(queue[0]);
    for (pid_t pid : pids) waitpid(pid, nullptr, 0);

    const bool ok = n == 0 && received == producers * per_producer && in_order;
    std::printf("end-of-file after %d records from %d processes\n", received, producers);
    std::printf("%s\n", ok ? "check passed: every record arrived whole, once, each producer's in its own order"
                           : "CHECK FAILED: records were lost, torn or reordered");
    return ok ? 0 : 1;
}
