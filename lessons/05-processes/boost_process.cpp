/// @file boost_process.cpp
/// @brief Boost.Process: start a program, capture its output, wait for its exit code.
///
/// What production C++ uses instead of hand-written fork/exec/pipe/waitpid: Boost.Process
/// (the version in Boost 1.74; header-only, with search_path from Boost.Filesystem).
/// One object per child. Like lab 05's Process, its destructor kills (SIGKILL) a child
/// that still runs, unless you wait() for it or detach() it; unlike the lab's, it then
/// reaps with one non-blocking waitpid, which can come before the child is dead: wait().
#include <boost/process.hpp>

#include <cstdio>
#include <string>

namespace bp = boost::process;

int main() {
    bp::ipstream output;  // the child's stdout arrives here, through a pipe
    bp::child child(bp::search_path("sh"), "-c", "echo one; echo two; exit 3", bp::std_out > output);
    std::string line;
    int lines = 0;
    while (std::getline(output, line)) std::printf("read from the child: \"%s\" (line %d)\n", line.c_str(), ++lines);
    child.wait();
    std::printf("child %d ended with exit code %d\n\n", child.id(), child.exit_code());

    const bool ok = lines == 2 && child.exit_code() == 3;
    std::printf("check: two lines captured and exit code 3 reported: %s\n", ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
