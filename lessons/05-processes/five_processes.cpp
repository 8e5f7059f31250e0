/// @file five_processes.cpp
/// @brief The tutorial's example in C++: five processes that each print, then are all joined.
///
/// Python's multiprocessing.Process(target=worker) with start() and join(), written with
/// the calls underneath: start() is fork() (the child runs the worker and ends with
/// _exit), join() is waitpid(). Lab 05 wraps exactly this in a Process class.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <vector>

namespace {

void worker(int number) { std::printf("process %d (pid %d) is working\n", number, ::getpid()); }

// multiprocessing.Process(target=worker).start(), by hand.
pid_t start(void (*target)(int), int number) {
    std::fflush(stdout);  // nothing unwritten may be copied into the child
    const pid_t pid = ::fork();
    if (pid == 0) {
        target(number);
        std::fflush(stdout);
        ::_exit(0);  // the child ends here; it never returns into main()
    }
    return pid;
}

}  // namespace

int main() {
    std::vector<pid_t> processes;
    for (int number = 0; number < 5; ++number) processes.push_back(start(worker, number));

    int succeeded = 0;
    for (pid_t pid : processes) {  // join() each one
        int status = 0;
        if (::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) ++succeeded;
    }
    const std::set<pid_t> distinct(processes.begin(), processes.end());
    std::printf("\njoined %d processes with exit code 0; %zu different pids\n", succeeded, distinct.size());
    const bool ok = succeeded == 5 && distinct.size() == 5 && !distinct.count(-1);
    std::printf("check: five separate processes ran the worker and were joined: %s\n", ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
