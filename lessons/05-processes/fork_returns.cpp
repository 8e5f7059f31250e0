/// @file fork_returns.cpp
/// @brief fork() returns twice: the child's pid in the parent, 0 in the child.
///
/// fork() makes a copy of the calling process. Both copies continue from the same
/// point, the return from fork(), and the only thing that tells them apart is what it
/// returned: the parent gets the child's process id, the child gets 0 (and -1 means
/// no child was made). The child sends its own pid back through a pipe, so the demo
/// can check that the two numbers agree.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main() {
    std::printf("before fork(): one process, pid %d\n", ::getpid());
    std::fflush(stdout);  // see double_output: unwritten output would be copied into the child

    int channel[2];
    if (::pipe(channel) != 0) return std::perror("pipe"), 1;
    const pid_t pid = ::fork();
    if (pid == -1) return std::perror("fork"), 1;

    if (pid == 0) {  // ---- the child: the same code, the same variables, a new process
        const pid_t me = ::getpid();
        std::printf("  child : fork() returned 0;     my pid is %d, my parent's is %d\n", me, ::getppid());
        std::fflush(stdout);
        if (::write(channel[1], &me, sizeof me) != sizeof me) ::_exit(1);
        ::_exit(0);  // end here: never run the parent's code below
    }

    // ---- the parent
    pid_t reported = 0;
    const bool got = ::read(channel[0], &reported, sizeof reported) == sizeof reported;
    ::waitpid(pid, nullptr, 0);  // wait for the child, so the output appears in order
    std::printf("  parent: fork() returned %d; my pid is %d\n", pid, ::getpid());
    std::printf("after fork(): the parent continues alone (the child has ended and been reaped)\n\n");

    const bool agree = got && reported == pid;
    std::printf("check: the value fork() returned in the parent is the child's own pid: %s\n", agree ? "yes" : "NO");
    return agree ? 0 : 1;
}
