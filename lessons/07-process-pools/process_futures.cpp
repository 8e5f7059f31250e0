/// @file process_futures.cpp
/// @brief concurrent.futures over processes: submit() returns a std::future whose value a worker process computes.
///
/// Lesson 04's thread pool and this process pool share one interface: submit(fn, arg)
/// returns a std::future, and get() waits for the value. Here the jobs travel through a
/// pipe to worker processes, and the results come back through another pipe. A thread
/// in the parent reads the results and fulfils the promises. The workers are forked
/// *before* that thread starts: fork() copies only the thread that calls it, so a fork
/// taken while another thread holds a lock (in malloc, say) can leave the child stuck.
#include <limits.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace {

struct Job {  // fixed size, far below PIPE_BUF: one write() of it is atomic
    long id;
    double (*fn)(double);  // valid in the workers: they are copies of this program
    double arg;
};
struct Result {
    long id;
    double value;
    pid_t worker;
};

class ProcessExecutor {
public:
    explicit ProcessExecutor(int workers) {
        int jobs[2], results[2];
        if (pipe(jobs) != 0 || pipe(results) != 0) std::abort();
        for (int w = 0; w < workers; ++w)  // 1. fork the workers, while this process has one thread
            if (const pid_t pid = fork(); pid == 0) {
                close(jobs[1]), close(results[0]);
                Job job;  // every worker reads the one job pipe: a 24-byte read takes one whole job
                while (read(jobs[0], &job, sizeof job) == sizeof job) {
                    const Result result{job.id, job.fn(job.arg), getpid()};
                    if (write(results[1], &result, sizeof result) != sizeof result) break;
                }
                _exit(0);
            } else {
                pids_.push_back(pid);
            }
        close(jobs[0]), close(results[1]);
        jobs_ = jobs[1];
        results_ = results[0];
        reader_ = std::thread([this] { read_results(); });  // 2. only then start a thread
    }
    ~ProcessExecutor() {  // like shutdown(wait=True)
        close(jobs_);     // the workers read end-of-file and exit...
        reader_.join();   // ...so the reader sees end-of-file on the results once all are gone
        for (pid_t pid : pids_) waitpid(pid, nullptr, 0);
        close(results_);
    }
    std::future<double> submit(double (*fn)(double), double arg) {
        std::lock_guard lock(mutex_);
        const long id = next_id_++;
        std::future<double> future = promises_[id].get_future();
        const Job job{id, fn, arg};
        if (write(jobs_, &job, sizeof job) != sizeof job) std::abort();
        return future;
    }
    std::map<long, pid_t> ran_in;  // which worker computed each job (for the demo's printout)

private:
    void read_results() {
        Result result;
        while (read(results_, &result, sizeof result) == sizeof result) {
            std::lock_guard lock(mutex_);
            ran_in[result.id] = result.worker;
            promises_[result.id].set_value(result.value);  // wakes whoever waits in get()
            promises_.erase(result.id);
        }
    }
    std::vector<pid_t> pids_;
    int jobs_ = -1, results_ = -1;
    std::mutex mutex_;
    std::map<long, std::promise<double>> promises_;
    long next_id_ = 0;
    std::thread reader_;
};

double slow_square(double x) {
    usleep(20'000);  // 20 ms of "work"
    return x * x;
}

}  // namespace

int main() {
    std::printf("main is process %d; lesson 04 wrote: lab04::ThreadPool pool(4); auto f = pool.submit(fn, x);\n", getpid());
    bool ok = true;
    {
        ProcessExecutor pool(4);  // here: the same two lines, with processes
        std::vector<std::future<double>> futures;
        for (int x = 1; x <= 8; ++x) futures.push_back(pool.submit(slow_square, x));
        for (int x = 1; x <= 8; ++x) {
            const double value = futures[x - 1].get();  // waits for the worker's answer
            ok = ok && value == x * x;
            std::printf("  submit(slow_square, %d).get() = %4.1f\n", x, value);
        }
        std::map<pid_t, int> jobs_per_worker;
        for (const auto& [id, worker] : pool.ran_in) ++jobs_per_worker[worker];
        std::printf("  computed by %zu worker processes:", jobs_per_worker.size());
        for (const auto& [worker, jobs] : jobs_per_worker) std::printf(" %d (%d jobs)", worker, jobs);
        std::printf("\n");
    }
    std::printf("%s\n", ok ? "check passed: every future got its own worker's answer; the workers were reaped"
                           : "CHECK FAILED: a future got a wrong value");
    return ok ? 0 : 1;
}
