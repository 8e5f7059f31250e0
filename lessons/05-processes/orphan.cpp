/// @file orphan.cpp
/// @brief A child whose parent ends is adopted: by PID 1, or by the nearest "subreaper".
///
/// A process always has a parent, who will reap it. When the parent ends first, the
/// orphan is re-parented: classically to PID 1 (init), which reaps whatever it adopts.
/// Linux 3.4 added subreapers: a process that calls prctl(PR_SET_CHILD_SUBREAPER)
/// adopts the orphans among its descendants instead (systemd --user, container
/// runtimes, and the course's grader are subreapers). The demo orphans a grandchild
/// twice: once as usual, once after making itself a subreaper.
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

namespace {

struct Report {
    pid_t self, before, after;
};

std::string command_of(pid_t pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/comm");
    std::string name;
    std::getline(file, name);
    return name.empty() ? "?" : name;
}

// Makes a middle process that starts a grandchild and ends at once, leaving the
// grandchild an orphan. Returns what the grandchild saw.
Report orphan_a_grandchild() {
    int report[2], ready[2];
    if (::pipe(report) != 0 || ::pipe(ready) != 0) std::perror("pipe");
    std::fflush(stdout);
    const pid_t middle = ::fork();
    if (middle == 0) {
        const pid_t grandchild = ::fork();
        if (grandchild == 0) {
            Report seen{::getpid(), ::getppid(), 0};
            if (::write(ready[1], "x", 1) != 1) ::_exit(1);  // "I have seen my parent": it may go
            for (int i = 0; i < 400 && (seen.after = ::getppid()) == seen.before; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (::write(report[1], &seen, sizeof seen) != sizeof seen) ::_exit(1);
            ::_exit(0);
        }
        char byte;
        if (::read(ready[0], &byte, 1) != 1) ::_exit(1);
        ::_exit(0);  // the middle process ends: its child is now an orphan
    }
    ::waitpid(middle, nullptr, 0);
    Report seen{};
    if (::read(report[0], &seen, sizeof seen) != sizeof seen) std::perror("read");
    for (int fd : {report[0], report[1], ready[0], ready[1]}) ::close(fd);
    return seen;
}

void show(const Report& seen) {
    std::printf("  grandchild %d: parent before %d, after %d (%s)\n", seen.self, seen.before, seen.after,
                command_of(seen.after).c_str());
}

}  // namespace

int main() {
    std::printf("this demo is process %d\n\n1. an ordinary orphan:\n", ::getpid());
    const Report first = orphan_a_grandchild();
    show(first);
    if (first.after == 1)
        std::printf("  adopted by PID 1, the first process (init) of this machine or container\n");
    else
        std::printf("  adopted by %d, not PID 1: a subreaper above this demo (a service manager, a container\n"
                    "  runtime, or the grader) claims the orphans of its descendants\n", first.after);

    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    std::printf("\n2. after prctl(PR_SET_CHILD_SUBREAPER), this demo adopts its own orphans:\n");
    const Report second = orphan_a_grandchild();
    show(second);
    const bool reaped = second.after == ::getpid() && ::waitpid(second.self, nullptr, 0) == second.self;
    std::printf("  adopted by this demo, which reaped it with waitpid: %s\n\n", reaped ? "yes" : "NO");

    const bool moved = first.after != first.before && second.after != second.before;
    std::printf("check: both orphans got a new parent when theirs ended: %s\n", moved ? "yes" : "NO");
    return moved && reaped ? 0 : 1;
}
