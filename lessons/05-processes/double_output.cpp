/// @file double_output.cpp
/// @brief Text printed once before fork() comes out twice, unless stdout is flushed first.
///
/// printf() does not write at once: it fills a buffer in the process's memory, written
/// out at a newline (on a terminal), when the buffer is full, or at fflush()/exit().
/// fork() copies that memory, unwritten text included, so both processes write it.
/// Each scenario runs with stdout sent into a pipe that the demo reads back, so it can
/// count what really came out.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

enum class Ending { exit, underscore_exit, flush_then_underscore_exit };

// Runs one scenario with stdout redirected into a pipe; returns what came out of it.
std::string scenario(bool flush_before_fork, Ending ending) {
    int channel[2];
    if (::pipe(channel) != 0) std::exit(1);
    std::fflush(stdout);
    const int saved = ::dup(STDOUT_FILENO);
    ::dup2(channel[1], STDOUT_FILENO);

    std::printf("[hello from before fork]");  // no newline: it stays in the buffer
    if (flush_before_fork) std::fflush(stdout);
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::printf("[child]");
        if (ending == Ending::exit) std::exit(0);  // exit() flushes every stdio buffer
        if (ending == Ending::flush_then_underscore_exit) std::fflush(stdout);
        ::_exit(0);  // _exit() flushes nothing
    }
    ::waitpid(pid, nullptr, 0);
    std::printf("[parent]");
    std::fflush(stdout);

    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    ::close(channel[1]);
    std::string out;
    char buffer[256];
    for (ssize_t n; (n = ::read(channel[0], buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    ::close(channel[0]);
    return out;
}

int count(const std::string& text, const std::string& word) {
    int n = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
    return n;
}

bool report(const char* title, const std::string& out) {
    const int hello = count(out, "[hello from before fork]"), child = count(out, "[child]");
    std::printf("%s\n  came out: %s\n  the line before fork: %d time(s); the child's text: %d time(s)\n\n", title,
                out.c_str(), hello, child);
    return hello == 1 && child == 1;
}

}  // namespace

int main() {
    const bool a = report("1. no flush before fork, the child ends with exit():",
                          scenario(false, Ending::exit));
    const bool b = report("2. no flush before fork, the child ends with _exit():",
                          scenario(false, Ending::underscore_exit));
    const bool c = report("3. fflush before fork, the child flushes its own text, then _exit():",
                          scenario(true, Ending::flush_then_underscore_exit));
    const bool as_explained = !a && !b && c;
    std::printf("check: only scenario 3 printed each text exactly once: %s\n", as_explained ? "yes" : "NO");
    if (as_explained)
        std::printf("  1 wrote the parent's unwritten text twice; 2 wrote it once but lost the child's own text.\n");
    return as_explained ? 0 : 1;
}
