/// @file spawn_and_join.cpp
/// @brief Spawning fibers and joining them: they all run on one thread, one at a time, in turns.
///
/// A boost::fibers::fiber is created like a std::thread, from a function, and must be
/// joined (or detached) like one. But it is not scheduled by the kernel: it runs on the
/// thread that created it, when that thread's current fiber lets go, here at join().
#include <boost/fiber/all.hpp>

#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string thread_name() {
    std::ostringstream out;
    out << std::this_thread::get_id();
    return out.str();
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: spawn_and_join   (no arguments)\n");
        return 2;
    }
    const std::string main_thread = thread_name();
    std::vector<std::string> log;  // fibers of one thread never run at the same time: no lock needed
    log.push_back("main: spawning 3 fibers");

    std::vector<boost::fibers::fiber> fibers;
    for (int n = 1; n <= 3; ++n)
        fibers.emplace_back([n, &log, &main_thread] {
            log.push_back("fiber " + std::to_string(n) + ": running, on the main thread: " +
                          (thread_name() == main_thread ? "yes" : "no"));
        });
    log.push_back("main: spawned them; none has run yet (they wait for main to let go)");

    for (auto& fiber : fibers) fiber.join();  // join() suspends main: the scheduler runs the fibers
    log.push_back("main: joined all 3");

    for (const auto& line : log) std::printf("%s\n", line.c_str());
    const bool in_order = log.size() == 6 && log[1].rfind("main: spawned", 0) == 0;
    std::printf("\ncheck: the fibers ran only once main reached join(), all on main's thread: %s\n",
                in_order ? "yes" : "NO");
    return in_order ? 0 : 1;
}
