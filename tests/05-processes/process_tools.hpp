// Tools for the graded tests of lab 05: what the process table says about our children,
// memory that parent and child share, and capturing what a child prints.
#pragma once

#include <dirent.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lab05_test {

/// One process whose parent is this process, as /proc reports it.
struct Child {
    pid_t pid;
    char state;  // R running, S sleeping, Z zombie (ended, not reaped), ...
};

/// The state letter of process `pid` in /proc/PID/stat, or '?' if it is gone.
inline char state_of(pid_t pid, pid_t* parent = nullptr) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(file, line)) return '?';
    // "pid (command) S ppid ...": the command may hold spaces and parentheses.
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) return '?';
    std::istringstream rest(line.substr(close + 2));
    char state = '?';
    long ppid = 0;
    rest >> state >> ppid;
    if (parent) *parent = static_cast<pid_t>(ppid);
    return state;
}

/// Every child of this process (running or zombie), read from /proc.
inline std::vector<Child> children() {
    std::vector<Child> found;
    const pid_t self = ::getpid();
    DIR* proc = ::opendir("/proc");
    if (!proc) return found;
    while (const dirent* entry = ::readdir(proc)) {
        char* end = nullptr;
        const long pid = std::strtol(entry->d_name, &end, 10);
        if (pid <= 0 || *end != '\0') continue;
        pid_t parent = 0;
        const char state = state_of(static_cast<pid_t>(pid), &parent);
        if (state != '?' && parent == self) found.push_back({static_cast<pid_t>(pid), state});
    }
    ::closedir(proc);
    return found;
}

/// Every child of this process, once the picture is stable: a signal that was just sent
/// takes a moment to kill its target, so wait (at most 2 s) while a child still runs.
inline std::vector<Child> children_after_settling() {
    auto found = children();
    for (int i = 0; i < 200; ++i) {
        bool running = false;
        for (const Child& child : found) running = running || child.state != 'Z';
        if (!running) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        found = children();
    }
    return found;
}

/// A sentence describing the children still in the process table, for a failure message.
inline std::string describe(const std::vector<Child>& left) {
    std::string zombies, running;
    for (const Child& child : left) (child.state == 'Z' ? zombies : running) += " " + std::to_string(child.pid);
    std::string text;
    if (!zombies.empty()) text += "zombie children left (ended, never reaped with waitpid):" + zombies + ". ";
    if (!running.empty()) text += "children still running:" + running + ".";
    return text;
}

/// Waits (at most `limit`) until process `pid` is a zombie: it has ended, and nobody
/// has reaped it yet. Returns whether it got there.
inline bool wait_until_zombie(pid_t pid, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (state_of(pid) == 'Z') return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

/// A T in memory that a forked child shares with its parent (MAP_SHARED), so the child
/// can report back. Never unmapped: a test process is short-lived.
template <class T>
T* shared_object() {
    void* memory = ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) std::abort();
    return new (memory) T{};
}

/// While alive, whatever is written to file descriptor `fd` (1 or 2) goes into a
/// temporary file instead, in this process and in every child it starts; text()
/// ends the capture and returns what was written.
class Capture {
public:
    explicit Capture(int fd) : fd_(fd) {
        std::fflush(nullptr);  // what the test framework printed so far goes where it belongs
        file_ = std::tmpfile();
        saved_ = ::dup(fd_);
        if (!file_ || saved_ == -1 || ::dup2(::fileno(file_), fd_) == -1) std::abort();
    }
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;
    ~Capture() {
        restore();
        if (file_) std::fclose(file_);
    }

    std::string text() {
        restore();
        std::string all;
        std::rewind(file_);
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_)) > 0;) all.append(buffer, n);
        return all;
    }

private:
    void restore() {
        if (saved_ == -1) return;
        std::fflush(nullptr);
        ::dup2(saved_, fd_);
        ::close(saved_);
        saved_ = -1;
    }
    int fd_;
    int saved_ = -1;
    std::FILE* file_ = nullptr;
};

/// How many times `needle` occurs in `text`.
inline int occurrences(const std::string& text, const std::string& needle) {
    int count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
    return count;
}

}  // namespace lab05_test
