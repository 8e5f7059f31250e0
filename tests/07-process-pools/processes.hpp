// Helpers for lab 07's tests: memory shared with forked children, children that never
// return into GoogleTest, and what /proc says about processes and file descriptors.
#pragma once

#include <dirent.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <new>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

namespace lab07_test {

using namespace std::chrono_literals;

// One T in a MAP_SHARED anonymous mapping: made before fork(), the same bytes in every
// child. T must be fine in shared memory (lock-free atomics, plain data).
template <class T>
class Shared {
public:
    Shared() {
        void* memory = ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) throw std::runtime_error("test setup: mmap failed");
        value_ = new (memory) T{};
    }
    ~Shared() {
        value_->~T();
        ::munmap(value_, sizeof(T));
    }
    Shared(const Shared&) = delete;
    Shared& operator=(const Shared&) = delete;
    T& operator*() const { return *value_; }
    T* operator->() const { return value_; }
    T* get() const { return value_; }

private:
    T* value_;
};

// Forks a child that runs `body()` and _exit()s with what it returns (99 if it throws).
// The child never returns into the test, never runs GoogleTest's code or destructors.
template <class Body>
pid_t start_child(Body&& body) {
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("test setup: fork failed");
    if (pid == 0) {
        int code = 99;
        try {
            code = body();
        } catch (...) {
        }
        ::_exit(code);
    }
    return pid;
}

// Waits up to `patience` for the child `pid` and returns its exit code (128 + signal when
// killed by one). If it is still running then, kills it, reaps it and returns nullopt.
inline std::optional<int> finish_child(pid_t pid, std::chrono::milliseconds patience = 10s) {
    const auto give_up = std::chrono::steady_clock::now() + patience;
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (done < 0 && errno != EINTR) return -1;  // not our child (already reaped)
        if (std::chrono::steady_clock::now() > give_up) break;
        std::this_thread::sleep_for(2ms);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return std::nullopt;
}

// The fields of /proc/<pid>/stat that the tests read.
struct ProcessInfo {
    char state = 0;  // R running, S sleeping, Z zombie, ...; 0 if there is no such process
    pid_t parent = 0;
};

inline ProcessInfo process_info(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return {};
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream rest(line.substr(close + 1));
    ProcessInfo info;
    rest >> info.state >> info.parent;
    return info;
}

// What became of a process that should have been reaped: "reaped", "zombie" or
// "still running". A process that has exited but was never waited for stays a zombie
// ('Z'); one that was reaped is gone from /proc (or its pid now names someone else's
// process). Waits up to 2 s for a worker that is still on its way out.
inline std::string fate(pid_t pid) {
    const auto give_up = std::chrono::steady_clock::now() + 2s;
    for (;;) {
        const ProcessInfo info = process_info(pid);
        if (info.state == 0 || info.parent != ::getpid()) return "reaped";
        if (info.state == 'Z') return "zombie";
        if (std::chrono::steady_clock::now() > give_up) return "still running";
        std::this_thread::sleep_for(5ms);
    }
}

// Cleans up after a test found a process not reaped: reaps a zombie, kills a runner.
inline void clean_up(pid_t pid) {
    if (process_info(pid).parent != ::getpid()) return;
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
}

// The file descriptors this process has open, as "fd -> target" lines.
inline std::string open_fds() {
    std::string list;
    DIR* dir = ::opendir("/proc/self/fd");
    if (dir == nullptr) return list;
    const int own = ::dirfd(dir);
    while (const dirent* entry = ::readdir(dir)) {
        if (entry->d_name[0] == '.' || std::stoi(entry->d_name) == own) continue;
        char target[256] = {};
        const std::string path = std::string("/proc/self/fd/") + entry->d_name;
        const ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
        list += std::string(entry->d_name) + " -> " + (n > 0 ? std::string(target, static_cast<std::size_t>(n)) : "?") + "\n";
    }
    ::closedir(dir);
    return list;
}

inline int count_lines(const std::string& text) {
    int lines = 0;
    for (char c : text) lines += c == '\n';
    return lines;
}

}  // namespace lab07_test
