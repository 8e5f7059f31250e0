/// @file process.hpp
/// @brief Lab 05: a child process in the spirit of Python's multiprocessing.Process.
///
/// The contract of lab 05. You write the bodies in process.cpp; this header is what
/// the graded tests call. You may add or change private members.
///
/// @code
/// lab05::Process worker([] { std::puts("hello from the child"); });
/// worker.start();                 // fork(): the target runs in a new process
/// worker.join();                  // waitpid(): wait for it and collect its status
/// assert(worker.exitcode() == 0);
/// @endcode
///
/// **How the child ends.** The child runs the target, then flushes the C and C++
/// standard streams and ends with `_exit(code)`. It never returns from start():
/// returning would run the rest of the *parent's* code a second time, in the child.
/// It uses `_exit`, not `exit`, because `exit` would also run the atexit handlers
/// and static destructors of the parent's program (a copy of them lives in the child)
/// and flush the parent's copied stdio buffers. `_exit` skips all that and does not
/// flush stdio either; hence the explicit flush first, so the child's own output is
/// not lost. start() also flushes stdio *before* forking, or text the parent printed
/// but had not yet written would sit in both copies of the buffer and appear twice.
/// Python's multiprocessing does the same: it flushes before fork, and its child ends
/// with os._exit after flushing sys.stdout and sys.stderr.
///
/// **The exit code.** As Python's Process.exitcode: empty (std::nullopt) before
/// start() and while the child runs; 0 when the target returned; N when the target
/// called `_exit(N)` or `std::exit(N)`; 1 when an exception escaped the target (its
/// message is printed on stderr); minus the signal number when a signal killed the
/// child (-15 after terminate(), -9 after kill(), -6 after abort()).
///
/// **The destructor never leaves a zombie.** A child that has ended but was not
/// waited for stays in the process table as a zombie until its parent calls
/// waitpid. So the destructor reaps it. If the child is *still running*, the
/// destructor kills it with SIGKILL and then reaps it: a destructor must not block
/// for an unbounded time (waiting could hang forever on a child that never ends),
/// and a child left running would outlive the object that owns it and be reaped by
/// nobody we know. This is the process analogue of std::jthread, which stops and joins,
/// and it differs from Python, whose Process object leaves a running child alone
/// (the interpreter joins non-daemonic children when it exits). If the child must
/// finish its work, call join() before the Process goes out of scope.
///
/// **Threads.** A Process object is used by one thread at a time (like std::thread).
/// fork() copies only the calling thread: in a program that already runs other
/// threads, a lock another thread held at the fork stays locked forever in the child.
/// Fork before starting threads, or keep the target simple.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>

namespace lab05 {

/// A child process that runs one callable, started with fork().
class Process {
public:
    /// Stores the target; nothing runs until start().
    explicit Process(std::function<void()> target);

    /// If the child was started and not yet waited for, kills it with SIGKILL (if it
    /// still runs) and reaps it with waitpid, so that no zombie is left. Never throws.
    ~Process();

    Process(const Process&) = delete;             ///< One object owns one child.
    Process& operator=(const Process&) = delete;  ///< One object owns one child.

    /// Takes over `other`'s target and child; `other` is left owning no child
    /// (pid() == 0, is_alive() false), fit only to be destroyed or assigned to.
    Process(Process&& other) noexcept;

    /// First disposes of this object's own child exactly as the destructor does, then
    /// takes over `other`'s target and child. Self-assignment changes nothing.
    Process& operator=(Process&& other) noexcept;

    /// Forks a child process that runs the target and ends with its exit code (see the
    /// file comment); in the parent, returns at once. Flushes stdio before forking.
    /// @throws std::logic_error if start() was called before (a process starts once),
    ///         or if this object was moved from.
    /// @throws std::system_error if fork() fails; its code() is fork's errno (EAGAIN
    ///         when the process limit is reached) and its what() names fork.
    void start();

    /// Waits until the child ends and reaps it. Returns at once if it was reaped before.
    /// @throws std::logic_error if the process was not started.
    void join();

    /// Waits at most `timeout` for the child to end. Returns true (and reaps it) if
    /// it has ended, false if it still runs when the time is up. Returns as soon as the
    /// child ends, not when the timeout expires.
    /// @throws std::logic_error if the process was not started.
    bool join(std::chrono::milliseconds timeout);

    /// True from start() until the child has ended. Never blocks. Not const: finding
    /// out may reap the child (waitpid with WNOHANG), exactly as Python's is_alive does.
    bool is_alive();

    /// The child's process id after start() (it stays valid after join), 0 before.
    pid_t pid() const;

    /// Empty before start() and while the child runs; then the exit code described in
    /// the file comment. Never blocks; like is_alive(), may reap the child.
    std::optional<int> exitcode();

    /// Asks the child to stop: sends SIGTERM. Does nothing once the child has been
    /// reaped (its pid may already belong to another process by then).
    /// @throws std::logic_error if the process was not started.
    void terminate();

    /// Stops the child at once: sends SIGKILL, which cannot be caught or ignored. Does
    /// nothing once the child has been reaped.
    /// @throws std::logic_error if the process was not started.
    void kill();

private:
    std::function<void()> target_;
    pid_t pid_ = 0;                   // 0: not started (or moved from)
    std::optional<int> exitcode_;     // set once the child has been reaped
};

}  // namespace lab05
