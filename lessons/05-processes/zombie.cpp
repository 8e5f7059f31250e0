/// @file zombie.cpp
/// @brief A child that has ended stays in the process table as a zombie until waitpid reaps it.
///
/// When a process ends, the kernel frees its memory but keeps a small entry: its pid
/// and its exit status, for the parent to collect with waitpid(). Until then the entry
/// is a *zombie* (state Z in /proc/PID/stat and in `ps`). A long-running parent that
/// never waits fills the process table with them; each holds a pid that nobody can reuse.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

namespace {

// The state letter and command of process `pid`, from /proc/PID/stat ("gone" if none).
std::string state_of(pid_t pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(file, line)) return "gone (no /proc entry)";
    const auto open = line.find('('), close = line.rfind(')');
    const char state = line.at(close + 2);
    const std::string name = line.substr(open + 1, close - open - 1);
    const char* meaning = state == 'Z' ? "zombie: ended, not yet reaped"
                          : state == 'S' ? "sleeping"
                          : state == 'R' ? "running"
                                         : "other";
    return std::string(1, state) + " (" + meaning + "), command " + name;
}

}  // namespace

int main() {
    std::fflush(stdout);
    const pid_t pid = ::fork();
    if (pid == -1) return std::perror("fork"), 1;
    if (pid == 0) ::_exit(42);  // the child ends at once

    // The parent does not wait yet. Give the child a moment to end (at most 2 s).
    bool zombie = false;
    for (int i = 0; i < 200 && !zombie; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        zombie = state_of(pid).front() == 'Z';
    }
    std::printf("child %d has ended, the parent has not waited: %s\n", pid, state_of(pid).c_str());
    std::printf("  (`ps -o pid,stat,comm --ppid %d` would list it as <defunct>)\n", ::getpid());

    int status = 0;
    const pid_t reaped = ::waitpid(pid, &status, 0);
    std::printf("waitpid(%d) returned %d with exit status %d\n", pid, reaped, WEXITSTATUS(status));
    const std::string after = state_of(pid);
    std::printf("after waitpid, child %d is: %s\n\n", pid, after.c_str());

    const bool shown = zombie && reaped == pid && after.front() == 'g';
    std::printf("check: the child was a zombie until waitpid reaped it, then gone: %s\n", shown ? "yes" : "NO");
    return shown ? 0 : 1;
}
