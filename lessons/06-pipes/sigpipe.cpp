/// @file sigpipe.cpp
/// @brief Writing to a pipe nobody reads: SIGPIPE kills the writer, unless it is ignored and write() fails with EPIPE.
///
/// When every read end of a pipe is closed, write() has nowhere to put the bytes. The kernel
/// then sends the writer SIGPIPE, whose default action terminates the process (a shell
/// pipeline like `yes | head -1` stops its writer this way). A program that ignores or
/// blocks SIGPIPE gets an error from write() instead: -1 with errno EPIPE. Each case runs in
/// a child here, so the demo survives the first one.
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

// In a child: writes to a pipe (or socket pair) whose reading end is closed; exits with the
// errno of the failed write, or 0 if it "succeeded".
int write_to_nobody(bool ignore_sigpipe, bool socket) {
    std::fflush(stdout);
    const pid_t child = fork();
    if (child == 0) {
        if (ignore_sigpipe) signal(SIGPIPE, SIG_IGN);  // what Python does at start-up
        int fds[2];
        if (socket ? socketpair(AF_UNIX, SOCK_STREAM, 0, fds) : pipe(fds)) _exit(100);
        close(fds[0]);  // the only reader is gone
        const ssize_t n = socket ? send(fds[1], "x", 1, MSG_NOSIGNAL) : write(fds[1], "x", 1);
        _exit(n < 0 ? errno : 0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return status;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: sigpipe\n");
        return 2;
    }
    const int killed = write_to_nobody(false, false);
    if (WIFSIGNALED(killed))
        std::printf("default SIGPIPE action:   the writer was killed by signal %d (%s) inside write()\n",
                    WTERMSIG(killed), strsignal(WTERMSIG(killed)));
    else
        std::printf("default SIGPIPE action:   the writer exited with code %d (not killed)\n", WEXITSTATUS(killed));

    const int ignored = write_to_nobody(true, false);
    const bool epipe = WIFEXITED(ignored) && WEXITSTATUS(ignored) == EPIPE;
    std::printf("SIGPIPE ignored:          write() returned -1 with errno %s\n",
                epipe ? "EPIPE (Broken pipe): an error the program can handle" : "other than EPIPE");

    const int nosignal = write_to_nobody(false, true);
    const bool socket_epipe = WIFEXITED(nosignal) && WEXITSTATUS(nosignal) == EPIPE;
    std::printf("socket, MSG_NOSIGNAL:     send() returned -1 with errno %s\n",
                socket_epipe ? "EPIPE, with SIGPIPE left at its default" : "other than EPIPE");

    const bool ok = WIFSIGNALED(killed) && WTERMSIG(killed) == SIGPIPE && epipe && socket_epipe;
    std::printf("check: SIGPIPE killed the unprepared writer; the prepared ones got EPIPE: %s\n", ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
