/// @file processes.cpp
/// @brief A process per page (fork), each digest sent back through one pipe.
///
/// Each page gets a child process: it waits, parses, writes its page number and digest
/// to a shared pipe (16 bytes, less than PIPE_BUF, so writes from many children never
/// interleave) and ends with _exit. The parent reads 200 records, then reaps every child.
/// Isolation is the gain (a crash in a child kills only the child); the price is a fork
/// per page and every result copied through the kernel.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <thread>
#include <vector>

#include "course/timing.hpp"
#include "job.hpp"

namespace {

struct Record {
    std::uint64_t id;
    std::uint64_t digest;
};

}  // namespace

int main(int argc, char** argv) {
    job::no_arguments(argc, argv);
    std::vector<std::uint64_t> digests(job::kPages);
    int pipe_ends[2];
    if (::pipe(pipe_ends) != 0) return std::perror("pipe"), 1;
    std::vector<pid_t> children;
    const double total = course::time_ms([&] {
        for (int id = 0; id < job::kPages; ++id) {
            const pid_t child = ::fork();
            if (child < 0) { std::perror("fork"); break; }
            if (child == 0) {  // the child: one page, then _exit (no parent's atexit handlers, no flush)
                ::close(pipe_ends[0]);
                std::this_thread::sleep_for(job::latency(id));
                const Record record{static_cast<std::uint64_t>(id), job::parse(job::body(id))};
                const bool sent = ::write(pipe_ends[1], &record, sizeof record) == sizeof record;
                ::_exit(sent ? 0 : 1);
            }
            children.push_back(child);
        }
        ::close(pipe_ends[1]);  // only the children hold the write end now: EOF once they are all gone
        Record record{};
        while (::read(pipe_ends[0], &record, sizeof record) == sizeof record)
            if (record.id < digests.size()) digests[record.id] = record.digest;
        for (const pid_t child : children) ::waitpid(child, nullptr, 0);  // no zombies left
    });
    ::close(pipe_ends[0]);
    std::printf("%zu child processes, every one reaped\n", children.size());
    return job::report("a process per page", total, digests);
}
