// Test helpers for lab 06: forked children, calls with a time limit, descriptor counts.
//
// Two rules keep these tests from ever hanging or lying:
//  - Every student call that may block runs through within(): on its own thread, awaited
//    with a time limit. A call that never returns is left blocked on its detached thread
//    (the ends it uses are kept alive through a shared_ptr), and the test fails with a
//    sentence saying which call hung.
//  - A forked child never returns into GoogleTest: it runs its body, reports through its
//    exit code and a text pipe, and calls _exit(). The parent kills it (SIGKILL) and reaps
//    it when the test ends, whatever happened; the child also dies with its parent
//    (PR_SET_PDEATHSIG) and after an alarm of 20 s at the latest.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "connection.hpp"

namespace lab06_testing {

using namespace std::chrono_literals;

// ---- both ends of one connection, shared with background calls -----------------------

/// The two ends of a connection, built in place (no end is ever moved, so these tests do
/// not depend on the move constructor, except the one test about moving).
struct Ends {
    explicit Ends(bool duplex) : pair(lab06::make_pipe(duplex)) {}
    std::pair<lab06::Connection, lab06::Connection> pair;
    lab06::Connection& first() { return pair.first; }
    lab06::Connection& second() { return pair.second; }
};

inline std::shared_ptr<Ends> open_pipe(bool duplex) { return std::make_shared<Ends>(duplex); }

// ---- a call on its own thread, awaited with a time limit --------------------------------

/// What a call did: returned a value, threw, or has not returned yet.
template <class R>
class Call {
    struct Monostate {};
    using Stored = std::conditional_t<std::is_void_v<R>, Monostate, R>;

public:
    template <class Work>
    explicit Call(Work work) : state_(std::make_shared<State>()) {
        thread_ = std::thread([state = state_, work = std::move(work)]() mutable {
            std::optional<Stored> value;
            std::exception_ptr error;
            try {
                if constexpr (std::is_void_v<R>) {
                    work();
                    value.emplace();
                } else {
                    value.emplace(work());
                }
            } catch (...) {
                error = std::current_exception();
            }
            std::lock_guard lock(state->mutex);
            state->value = std::move(value);
            state->error = error;
            state->done = true;
            state->finished.notify_all();
        });
    }
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;
    ~Call() {
        if (finished_within(0ms))
            thread_.join();
        else
            thread_.detach();  // still blocked: the test failed; the process exit ends it
    }

    /// Waits up to `limit` for the call to end (by returning or throwing).
    bool finished_within(std::chrono::milliseconds limit) {
        std::unique_lock lock(state_->mutex);
        return state_->finished.wait_for(lock, limit, [&] { return state_->done; });
    }
    bool finished() { return finished_within(0ms); }

    bool threw() { return state_->error != nullptr; }
    /// True if the call threw an E (or something derived from it).
    template <class E>
    bool threw_a() {
        if (!state_->error) return false;
        try {
            std::rethrow_exception(state_->error);
        } catch (const E&) {
            return true;
        } catch (...) {
            return false;
        }
    }
    /// "returned normally", or the exception's type and what().
    std::string outcome() {
        if (!state_->error) return "returned normally";
        try {
            std::rethrow_exception(state_->error);
        } catch (const lab06::ConnectionClosed& e) {
            return std::string("threw lab06::ConnectionClosed(\"") + e.what() + "\")";
        } catch (const lab06::ProtocolError& e) {
            return std::string("threw lab06::ProtocolError(\"") + e.what() + "\")";
        } catch (const std::exception& e) {
            return std::string("threw an exception: ") + e.what();
        } catch (...) {
            return "threw something that is not a std::exception";
        }
    }
    /// The value returned; only after the call finished without throwing.
    Stored& value() { return *state_->value; }
    pthread_t native_handle() { return thread_.native_handle(); }

private:
    struct State {
        std::mutex mutex;
        std::condition_variable finished;
        bool done = false;
        std::optional<Stored> value;
        std::exception_ptr error;
    };
    std::shared_ptr<State> state_;
    std::thread thread_;
};

/// Runs `work()` on its own thread: `auto got = start([ends] { return ends->first().recv(); });`
template <class Work>
auto start(Work work) {
    return std::make_unique<Call<std::invoke_result_t<Work&>>>(std::move(work));
}

// ---- a forked child -------------------------------------------------------------------

/// A child process running `body`. The body returns "" on success, or a sentence saying
/// what went wrong, which the parent can read with failure().
class Child {
public:
    explicit Child(std::function<std::string()> body) {
        int report[2];
        if (::pipe(report) != 0) throw std::runtime_error("pipe() failed");
        std::fflush(nullptr);  // nothing buffered is printed twice
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork() failed");
        if (pid_ == 0) {
            ::close(report[0]);
#ifdef __linux__
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
#endif
            ::alarm(20);
            std::string failure;
            try {
                failure = body();
            } catch (const std::exception& e) {
                failure = std::string("the child's call threw: ") + e.what();
            } catch (...) {
                failure = "the child's call threw something that is not a std::exception";
            }
            if (!failure.empty()) (void)!::write(report[1], failure.data(), failure.size());
            ::_exit(failure.empty() ? 0 : 1);
        }
        ::close(report[1]);
        report_ = report[0];
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
        if (!reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status_, 0);
        }
        ::close(report_);
    }

    /// Waits up to `limit` for the child to exit; true if it has (and it is reaped).
    bool exited_within(std::chrono::milliseconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!reaped_) {
            const pid_t done = ::waitpid(pid_, &status_, WNOHANG);
            if (done == pid_) {
                reaped_ = true;
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) return false;
            std::this_thread::sleep_for(2ms);
        }
        return true;
    }

    /// After exited_within(): "" if the body succeeded, else what went wrong.
    std::string failure() {
        std::string text;
        char buffer[512];
        ssize_t n;
        while ((n = ::read(report_, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
        if (WIFSIGNALED(status_))
            text += (text.empty() ? "" : "; ") + std::string("the child was killed by signal ") +
                    std::to_string(WTERMSIG(status_)) + " (" + strsignal(WTERMSIG(status_)) + ")";
        else if (text.empty() && WEXITSTATUS(status_) != 0)
            text = "the child exited with code " + std::to_string(WEXITSTATUS(status_));
        return text;
    }
    bool killed_by(int signal_number) const { return reaped_ && WIFSIGNALED(status_) && WTERMSIG(status_) == signal_number; }

private:
    pid_t pid_ = -1;
    int report_ = -1;
    int status_ = 0;
    bool reaped_ = false;
};

// ---- raw bytes and descriptors ----------------------------------------------------------

/// A frame header as the contract defines it: 4 bytes, big-endian.
inline std::string header(std::uint32_t length) {
    return {static_cast<char>(length >> 24), static_cast<char>(length >> 16), static_cast<char>(length >> 8),
            static_cast<char>(length)};
}

/// Writes all of `bytes` to `fd` with plain write() calls (the test's own, not the lab's).
inline bool write_raw(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

/// A message of `size` bytes whose every byte depends on its position and on `seed`, so a
/// lost, repeated or reordered piece shows.
inline std::string pattern(std::size_t size, unsigned seed) {
    std::string text(size, '\0');
    std::uint32_t x = 2463534242u ^ seed;
    for (auto& c : text) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;  // xorshift32
        c = static_cast<char>(x);
    }
    return text;
}

/// The first position where two strings differ, in words.
inline std::string first_difference(const std::string& got, const std::string& expected) {
    if (got.size() != expected.size())
        return "got " + std::to_string(got.size()) + " bytes, " + std::to_string(expected.size()) + " expected";
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i] != expected[i]) return "the sizes match but byte " + std::to_string(i) + " differs";
    return "equal";
}

/// The number of descriptors this process has open.
inline int open_descriptors() {
    int count = 0;
    for (const char* dir : {"/proc/self/fd", "/dev/fd"}) {
        std::error_code error;
        for (auto it = std::filesystem::directory_iterator(dir, error); !error && it != std::filesystem::directory_iterator();
             it.increment(error))
            ++count;
        if (!error && count > 0) return count;
        count = 0;
    }
    return -1;
}

/// True if `fd` is an open descriptor of this process.
inline bool is_open(int fd) { return fd >= 0 && ::fcntl(fd, F_GETFD) != -1; }

/// Makes SIGUSR1 run an empty handler installed WITHOUT SA_RESTART, so that a blocked
/// read(), write() or poll() it interrupts fails with EINTR. Left installed until the test
/// process ends (each test has its own process), so that a signal still in flight can
/// never meet the default action, which would kill the process.
inline void install_interrupting_handler() {
    struct sigaction action {};
    action.sa_handler = [](int) {};
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART
    ::sigaction(SIGUSR1, &action, nullptr);
}

}  // namespace lab06_testing
