/// @file twins.cpp
/// @brief The Python programs in python/ (the tutorial's examples), each timed beside its C++ twin in the same round.
///
/// A Python program runs once per round as a child process and prints its own figures
/// (its interpreter's start is not counted); the C++ twin does the same job in this
/// process. The ratio is Python's figure over C++'s.
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "bench.hpp"
#include "course/timing.hpp"
#include "kernel.hpp"

namespace bench {
namespace {

// ---- the C++ twins (their waits are io_scaling.cpp's) -------------------------------------

double threads_sum(std::uint64_t n, unsigned workers) {
    std::vector<double> parts(workers);
    return course::time_ms([&] {
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < workers; ++t)
            threads.emplace_back([&, t] {
                std::uint64_t begin, end;
                chunk_of(1, n + 1, t, workers, begin, end);
                parts[t] = sum_sqrt_cubes(begin, end);
            });
        for (auto& thread : threads) thread.join();
        course::keep(parts);
    });
}

// Where the maps write: allocated and touched once, before any clock starts. A new 8 MB
// vector per run would time the kernel's page faults (about 2 us per 4 KiB page on the
// course's machine, 4 ms in all) more than the map's 2 ms of arithmetic; Python's list
// comprehension, by contrast, cannot avoid building its million float objects.
std::vector<double>& map_output(std::uint64_t n) {
    static std::vector<double> out;
    if (out.size() != n - 1) out.assign(n - 1, 1.0);
    return out;
}

double map_serial(std::uint64_t n) {
    auto& out = map_output(n);
    return course::time_ms([&] {
        map_sqrt_cubes(1, n, out.data());
        course::keep(out.back());
    });
}

double map_threads(std::uint64_t n, unsigned workers) {
    auto& out = map_output(n);
    return course::time_ms([&] {
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < workers; ++t)
            threads.emplace_back([&, t] {
                std::uint64_t begin, end;
                chunk_of(1, n, t, workers, begin, end);
                map_sqrt_cubes(begin, end, out.data() + (begin - 1));
            });
        for (auto& thread : threads) thread.join();
        course::keep(out.back());
    });
}

double sum_serial(const std::vector<long long>& data) {
    long long total = 0;
    const double ms = course::time_ms([&] { total = std::accumulate(data.begin(), data.end(), 0LL); });
    course::keep(total);
    return ms;
}

double sum_chunks(const std::vector<long long>& data, unsigned workers) {
    std::vector<long long> parts(workers);
    return course::time_ms([&] {
        std::vector<std::thread> threads;
        for (unsigned t = 0; t < workers; ++t)
            threads.emplace_back([&, t] {
                std::uint64_t begin, end;
                chunk_of(0, data.size(), t, workers, begin, end);
                parts[t] = std::accumulate(data.begin() + static_cast<long>(begin), data.begin() + static_cast<long>(end), 0LL);
            });
        for (auto& thread : threads) thread.join();
        course::keep(std::accumulate(parts.begin(), parts.end(), 0LL));
    });
}

double process_start(int count) {
    return course::time_ms([&] {
               for (int i = 0; i < count; ++i) reap(fork_child([] { return 0; }), "fork");
           }) / count;
}

double queue_messages(int count) {
    struct Message {
        char tag[8];
        long long index;
    };
    int channel[2];
    if (pipe(channel) != 0) throw Skip("pipe() failed");
    bool ok = true;
    int pid = 0;
    const double ms = course::time_ms([&] {
        pid = fork_child([&] {
            close(channel[0]);
            for (long long i = 0; i < count; ++i) {
                const Message message{"item", i};
                if (!write_all(channel[1], &message, sizeof message)) return 1;
            }
            return 0;
        });
        close(channel[1]);
        Message message{};
        for (int i = 0; i < count && ok; ++i) ok = read_all(channel[0], &message, sizeof message) && message.index == i;
    });
    close(channel[0]);
    reap(pid, "queue twin");
    if (!ok) throw Skip("the messages arrived out of order");
    return ms * 1000.0 / count;
}

double pipe_round_trips(int count) {
    int there[2], back[2];
    if (pipe(there) != 0 || pipe(back) != 0) throw Skip("pipe() failed");
    const int pid = fork_child([&] {
        close(there[1]), close(back[0]);
        long long message = 0;
        while (read_all(there[0], &message, sizeof message))
            if (!write_all(back[1], &message, sizeof message)) return 1;
        return 0;
    });
    close(there[0]), close(back[1]);
    long long message = -1;
    bool ok = write_all(there[1], &message, sizeof message) && read_all(back[0], &message, sizeof message);
    const double ms = course::time_ms([&] {
        for (long long i = 0; i < count && ok; ++i)
            ok = write_all(there[1], &i, sizeof i) && read_all(back[0], &message, sizeof message) && message == i;
    });
    close(there[1]), close(back[0]);
    reap(pid, "pipe twin");
    if (!ok) throw Skip("the echo did not match");
    return ms * 1000.0 / count;
}

double locked_increments(unsigned processes, int increments) {
    struct Shared {
        pthread_mutex_t mutex;
        long long counter;
    };
    void* mapped = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw Skip("mmap(MAP_SHARED) failed");
    auto* shared = static_cast<Shared*>(mapped);
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&shared->mutex, &attributes);
    shared->counter = 0;
    int go[2];
    if (pipe(go) != 0) throw Skip("pipe() failed");
    std::vector<int> children;
    for (unsigned p = 0; p < processes; ++p)
        children.push_back(fork_child([&] {
            char byte;
            if (!read_all(go[0], &byte, 1)) return 1;
            for (int i = 0; i < increments; ++i) {
                pthread_mutex_lock(&shared->mutex);
                ++shared->counter;
                pthread_mutex_unlock(&shared->mutex);
            }
            return 0;
        }));
    const double ms = course::time_ms([&] {
        const std::string start(processes, 'g');
        write_all(go[1], start.data(), start.size());
        for (int pid : children) reap(pid, "lock twin");
    });
    close(go[0]), close(go[1]);
    const long long counted = shared->counter;
    munmap(mapped, sizeof(Shared));
    if (counted != static_cast<long long>(processes) * increments) throw Skip("the shared counter lost updates");
    return ms * 1000.0 / (processes * increments);
}

double futures_tasks(unsigned workers, int tasks) {
    long long total = 0;
    const double ms = course::time_ms([&] {
        boost::asio::thread_pool pool(workers);
        std::vector<std::future<long long>> futures;
        futures.reserve(static_cast<std::size_t>(tasks));
        for (long long i = 0; i < tasks; ++i) {
            auto task = std::make_shared<std::packaged_task<long long()>>([i] { return i * i; });
            futures.push_back(task->get_future());
            boost::asio::post(pool, [task] { (*task)(); });
        }
        for (auto& future : futures) total += future.get();
        pool.join();
    });
    course::keep(total);
    return ms * 1000.0 / tasks;
}

// One figure of a C++ twin. A twin that takes a few milliseconds would be at the mercy of
// one preemption of a shared machine, which the Python run (a hundred times longer)
// hardly notices: so it runs as many times as fill about 50 ms, and gives the mean.
double steady(const std::function<double()>& cpp, Row& row) {
    const auto t0 = std::chrono::steady_clock::now();
    double total = cpp();
    const double first_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const int runs = std::clamp(static_cast<int>(50.0 / std::max(first_ms, 0.01)), 1, 50);
    for (int i = 1; i < runs; ++i) total += cpp();
    if (runs > 1) row.note = "the mean of " + std::to_string(runs) + " runs in a row";
    return total / runs;
}

}  // namespace

void add_twins(Registry& registry) {
    const Settings& settings = registry.settings();
    const std::string workers = std::to_string(settings.cores);
    const unsigned cores = settings.cores;

    // Adds "python.<id>.python", "python.<id>.cpp" and their ratio. `program` (with its
    // arguments) runs once per round in the first row of its group; `key` is its figure.
    auto twin = [&](const std::string& id, const std::string& label, const std::string& unit, int decimals,
                    std::shared_ptr<Group> group, std::vector<std::string> program, const std::string& key,
                    std::function<double()> cpp, const std::string& note) {
        registry.add("python." + id + ".python", label + ": Python", unit, decimals, [=](Row& row) {
            if (settings.python.empty()) throw Skip(settings.no_python_why);
            row.note = note;
            if (!program.empty()) {
                group->fill([&] {
                    std::vector<std::string> argv{settings.python, settings.python_dir + "/" + program[0]};
                    argv.insert(argv.end(), program.begin() + 1, program.end());
                    return parse_figures(run_program(argv, 120));
                });
            }
            return group->get(key);
        });
        registry.add("python." + id + ".cpp", label + ": C++", unit, decimals, [=](Row& row) { return steady(cpp, row); });
        registry.ratio("python." + id + ".ratio", label + ": Python / C++", "python." + id + ".python",
                       "python." + id + ".cpp", 1);
    };
    auto group = [] { return std::make_shared<Group>(); };

    auto threading = group();
    twin("threads_io", "threading: 100 threads wait 10 ms", "ms", 1, threading, {"threading_example.py", workers},
         "io_ms", [] { return on_threads(100); }, "threading_example.py");
    twin("threads_cpu_serial", "threading: sum of sqrt(x**3), x = 1..1e6, 1 thread", "ms", 2, threading, {},
         "cpu_serial_ms", [] { return threads_sum(1000000, 1); }, "threading_example.py");
    twin("threads_cpu", "threading: the same sum on " + workers + " threads", "ms", 2, threading, {},
         "cpu_threads_ms", [=] { return threads_sum(1000000, cores); }, "threading_example.py");
    registry.ratio("python.threads_cpu.speedup_python", "threading: speedup of " + workers + " Python threads",
                   "python.threads_cpu_serial.python", "python.threads_cpu.python");
    registry.ratio("python.threads_cpu.speedup_cpp", "threading: speedup of " + workers + " C++ threads",
                   "python.threads_cpu_serial.cpp", "python.threads_cpu.cpp");

    twin("asyncio_gather", "asyncio.gather: 1000 coroutines wait 10 ms", "ms", 1, group(), {"asyncio_gather.py", "1000"},
         "ms", [] { return on_coroutines(1000); }, "C++: coroutines on a one-thread event loop");
    twin("process", "Process: start + join, 20 in sequence", "ms", 3, group(), {"process_example.py", "20"}, "ms",
         [] { return process_start(20); }, "C++: fork + waitpid; per process");

    auto pool_map = group();
    twin("map_serial", "map sqrt(x**3) over 1..999999, serial", "ms", 2, pool_map, {"pool_map.py", workers},
         "serial_ms", [] { return map_serial(1000000); }, "Python: a list comprehension (a new list); C++: a loop into a vector allocated before the clock");
    twin("pool_map", "Pool(" + workers + ").map of the same", "ms", 2, pool_map, {}, "pool_ms",
         [=] { return map_threads(1000000, cores); }, "Python: pool start and stop included; C++: " + workers + " threads started and joined");
    registry.ratio("python.pool_map.speedup_python", "Pool.map against the serial loop (Python)",
                   "python.map_serial.python", "python.pool_map.python");

    twin("queue", "Queue: 10 000 messages from a child process", "us", 2, group(), {"queue_example.py", "10000"}, "us",
         [] { return queue_messages(10000); }, "per message, the child's start included; C++: a pipe");
    twin("pipe", "Pipe: round trip to a child process", "us", 1, group(), {"pipe_example.py", "2000"}, "us",
         [] { return pipe_round_trips(2000); }, "2000 round trips; C++: two pipes");
    twin("lock", "Lock: " + workers + " processes x 2000 locked increments", "us", 2, group(),
         {"lock_example.py", workers, "2000"}, "us", [=] { return locked_increments(cores, 2000); },
         "per increment; C++: a process-shared pthread mutex in shared memory");

    auto chunked = std::make_shared<std::vector<long long>>(999999);
    std::iota(chunked->begin(), chunked->end(), 1LL);
    auto chunked_group = group();
    twin("chunked_serial", "sum of 1..999999, serial", "ms", 3, chunked_group, {"chunked_sum.py", workers}, "serial_ms",
         [=] { return sum_serial(*chunked); }, "Python: sum() of a list; C++: std::accumulate");
    twin("chunked_pool", "the same sum in " + workers + " chunks", "ms", 3, chunked_group, {}, "pool_ms",
         [=] { return sum_chunks(*chunked, cores); }, "Python: Pool.map(sum, chunks), pool start included; C++: threads");
    registry.ratio("python.chunked_pool.speedup_python", "chunked Pool.map against the serial sum (Python)",
                   "python.chunked_serial.python", "python.chunked_pool.python");

    twin("futures", "ThreadPoolExecutor(4): 10 000 tiny tasks", "us", 2, group(), {"futures_example.py", "4", "10000"},
         "us", [] { return futures_tasks(4, 10000); }, "per task, submit to result; C++: boost::asio::thread_pool + futures");
    twin("gevent", "gevent: 1000 greenlets wait 10 ms", "ms", 1, group(), {"gevent_example.py", "1000"}, "ms",
         [] { return on_fibers(1000); }, "C++: 1000 Boost fibers on one thread");
}

}  // namespace bench
