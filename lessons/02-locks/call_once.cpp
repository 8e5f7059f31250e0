/// @file call_once.cpp
/// @brief std::call_once: four threads need the same setup; exactly one runs it, the others wait for it.
///
/// Lazy initialisation shared by threads is a classic race: two threads both find
/// "not loaded yet" and both load. std::call_once with a std::once_flag runs the
/// function exactly once; every other caller waits until it has finished, and then
/// sees everything it wrote. (A function-local `static` gets the same guarantee from
/// the compiler, since C++11; call_once also works for members and retries after an
/// exception.)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

std::once_flag config_loaded;
std::map<std::string, int> config;  // written once, inside call_once; only read afterwards
std::atomic<int> loads{0};

void load_config() {
    ++loads;
    std::this_thread::sleep_for(30ms);  // stands in for reading a file
    config = {{"workers", 4}, {"port", 8080}};
}

int setting(const std::string& key) {
    std::call_once(config_loaded, load_config);  // the first caller loads; the others wait here
    return config.at(key);  // safe: call_once's return happens after load_config's writes
}

}  // namespace

int main() {
    constexpr int threads = 4;
    std::vector<int> seen(threads);
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t) workers.emplace_back([&, t] { seen[t] = setting("port"); });
    }
    std::printf("%d threads asked for the setting at once; load_config ran %d time(s)\n", threads, loads.load());
    bool ok = loads == 1;
    for (int t = 0; t < threads; ++t) {
        std::printf("  thread %d read port = %d\n", t + 1, seen[t]);
        ok = ok && seen[t] == 8080;
    }
    std::printf("%s\n", ok ? "check passed: one load, and every thread saw its result"
                           : "CHECK FAILED: the setup ran more than once, or a thread saw it unfinished");
    return ok ? 0 : 1;
}
