/// @file separate_memory.cpp
/// @brief A child changes its copy of a variable; the parent's stays as it was.
///
/// After fork() the child has a copy of everything: globals, the heap, the stack. The
/// copies even sit at the same virtual addresses, but they are different memory: what
/// the child writes, the parent never sees. Threads share one memory (lesson 01);
/// processes must send data to each other explicitly (pipes, lesson 06; shared memory,
/// lesson 07).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {
int counter = 100;  // a global: one copy per process after the fork
}

int main() {
    std::vector<std::string> names{"parent's first item"};  // on the heap
    std::printf("before fork: counter = %d at address %p; the list has %zu item(s)\n", counter,
                static_cast<void*>(&counter), names.size());
    std::fflush(stdout);

    const pid_t pid = ::fork();
    if (pid == -1) return std::perror("fork"), 1;
    if (pid == 0) {
        counter += 1;
        names.push_back("child's item");
        std::printf("  child : counter = %d at address %p; the list has %zu item(s)\n", counter,
                    static_cast<void*>(&counter), names.size());
        std::fflush(stdout);
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    std::printf("  parent: counter = %d at address %p; the list has %zu item(s)\n\n", counter,
                static_cast<void*>(&counter), names.size());

    const bool separate = counter == 100 && names.size() == 1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    std::printf("check: the child's changes did not reach the parent (same address, different memory): %s\n",
                separate ? "yes" : "NO");
    return separate ? 0 : 1;
}
