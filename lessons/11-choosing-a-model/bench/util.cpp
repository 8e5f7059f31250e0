/// @file util.cpp
/// @brief Helpers shared by the benchmark's sections: running programs, reading /proc, fork and pipes.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bench.hpp"

extern char** environ;

namespace bench {

void Group::fill(const std::function<std::map<std::string, double>()>& run) {
    values.clear();
    failed.clear();
    try {
        values = run();
    } catch (const Skip& error) {
        failed = error.what();
        throw;
    }
}

double Group::get(const std::string& key) const {
    if (!failed.empty()) throw Skip(failed);
    const auto found = values.find(key);
    if (found == values.end()) throw Skip("its program did not report " + key);
    return found->second;
}

double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

namespace {
std::string last_line(const std::string& text) {
    std::istringstream in(text);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}
}  // namespace

std::string run_program(const std::vector<std::string>& argv, double timeout_s) {
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) throw Skip(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int failed = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]), close(err[1]);
    if (failed) {
        close(out[0]), close(err[0]);
        throw Skip(argv[0] + " could not be started: " + std::strerror(failed));
    }
    std::string texts[2];
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    const double deadline = now_s() + timeout_s;
    int open = 2;
    bool timed_out = false;
    while (open > 0) {
        const int left_ms = static_cast<int>((deadline - now_s()) * 1000);
        if (left_ms <= 0) {
            timed_out = true;
            break;
        }
        if (poll(fds, 2, left_ms) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[4096];
            const ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
            if (got > 0) {
                texts[i].append(buffer, static_cast<std::size_t>(got));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    if (timed_out) kill(pid, SIGKILL);
    for (auto& fd : fds)
        if (fd.fd >= 0) close(fd.fd);
    int status = 0;
    waitpid(pid, &status, 0);
    if (timed_out) throw Skip(argv[0] + " ran longer than " + std::to_string(static_cast<int>(timeout_s)) + " s");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string why = last_line(texts[1]);
        if (why.empty()) why = WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status)) : "killed by a signal";
        throw Skip(argv[0] + " failed: " + why);
    }
    return texts[0];
}

std::map<std::string, double> parse_figures(const std::string& output) {
    std::istringstream in(output);
    std::string line;
    nlohmann::json found;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] != '{') continue;
        auto parsed = nlohmann::json::parse(line, nullptr, false);
        if (parsed.is_object()) found = std::move(parsed);
    }
    if (found.is_null()) throw Skip("the program printed no figures");
    std::map<std::string, double> figures;
    for (const auto& [key, value] : found.items())
        if (value.is_number()) figures[key] = value.get<double>();
    return figures;
}

namespace {
// The value of a "Name:   123 kB" line in a /proc status-like file, in bytes (-1: absent).
long long proc_kb(const std::string& path, const std::string& name) {
    std::ifstream in(path);
    std::string key;
    long long total = -1;
    while (in >> key) {
        if (key.rfind(name, 0) == 0 && key.size() == name.size() + 1 && key.back() == ':') {
            long long kb = 0;
            in >> kb;
            total = (total < 0 ? 0 : total) + kb * 1024;
        }
        in.ignore(1 << 20, '\n');
    }
    return total;
}
}  // namespace

long long rss_bytes() {
    const long long rss = proc_kb("/proc/self/status", "VmRSS");
    if (rss < 0) throw Skip("/proc/self/status has no VmRSS (not Linux?)");
    return rss;
}

long long private_bytes(int pid) {
    const std::string path = "/proc/" + std::to_string(pid) + "/smaps_rollup";
    const long long clean = proc_kb(path, "Private_Clean"), dirty = proc_kb(path, "Private_Dirty");
    if (clean < 0 || dirty < 0) throw Skip("cannot read " + path + " (Linux >= 4.14 has it)");
    return clean + dirty;
}

int fork_child(const std::function<int()>& child) {
    const pid_t pid = fork();
    if (pid < 0) throw Skip(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) _exit(child());
    return pid;
}

void reap(int pid, const char* what) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw Skip(std::string(what) + ": a child process failed");
}

bool write_all(int fd, const void* data, std::size_t size) {
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t done = write(fd, bytes, size);
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) return false;
        bytes += done, size -= static_cast<std::size_t>(done);
    }
    return true;
}

bool read_all(int fd, void* data, std::size_t size) {
    char* bytes = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t done = read(fd, bytes, size);
        if (done < 0 && errno == EINTR) continue;
        if (done <= 0) return false;
        bytes += done, size -= static_cast<std::size_t>(done);
    }
    return true;
}

}  // namespace bench
