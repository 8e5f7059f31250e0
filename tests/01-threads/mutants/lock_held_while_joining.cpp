// MUTANT of solutions/01-threads/parallel.cpp: the calling thread holds a mutex while
// it joins the workers, and every worker needs that mutex to finish. Neither side can
// move: a deadlock, which the grader reports as a timeout.
// EXPECT-LOSS: ParallelFor.VisitsEveryIndexExactlyOnce: timed out
// EXPECT-LOSS: ParallelFor.HandlesEmptyRangesAndSurplusThreads: timed out
// EXPECT-LOSS: ParallelFor.RunsTheChunksAtTheSameTime: timed out
// EXPECT-LOSS: ParallelFor.RethrowsAfterJoiningEveryThread: timed out
// EXPECT-LOSS: ParallelSum.MatchesTheSerialSum: timed out
// EXPECT-LOSS: ParallelSum.HandlesEdgeCases: timed out
// EXPECT-LOSS: ParallelSum.SumsTheChunksAtTheSameTime: timed out
#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "parallel.hpp"

namespace lab01 {

std::vector<Chunk> split_range(std::size_t n, unsigned parts) {
    if (parts == 0) throw std::invalid_argument("parts must be at least 1");
    const std::size_t count = std::min<std::size_t>(n, parts);
    std::vector<Chunk> chunks;
    for (std::size_t i = 0, begin = 0; i < count; ++i) {
        const std::size_t size = n / count + (i < n % count ? 1 : 0);
        chunks.push_back({begin, begin + size});
        begin += size;
    }
    return chunks;
}

void parallel_for(std::size_t n, unsigned threads, const std::function<void(Chunk)>& body) {
    if (threads == 0) throw std::invalid_argument("threads must be at least 1");
    const auto chunks = split_range(n, threads);
    if (chunks.empty()) return;
    std::mutex state_mutex;
    std::exception_ptr error;
    auto run = [&](Chunk chunk) {
        std::exception_ptr mine;
        try {
            body(chunk);
        } catch (...) {
            mine = std::current_exception();
        }
        std::lock_guard lock(state_mutex);  // every worker needs the mutex to finish...
        if (mine && !error) error = mine;
    };
    // BUG: ...and the caller takes it before the first worker starts and keeps it until
    // every worker is joined. A worker can never finish, so join() never returns.
    std::lock_guard lock(state_mutex);
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < chunks.size(); ++i) workers.emplace_back(run, chunks[i]);
    try {
        body(chunks[0]);
    } catch (...) {
        error = std::current_exception();
    }
    for (auto& worker : workers) worker.join();
    if (error) std::rethrow_exception(error);
}

double parallel_sum(std::size_t n, unsigned threads, double (*term)(std::size_t)) {
    if (threads == 0) throw std::invalid_argument("threads must be at least 1");
    const auto chunks = split_range(n, threads);
    std::vector<double> partial(chunks.size(), 0.0);
    parallel_for(chunks.size(), threads, [&](Chunk mine) {
        for (std::size_t k = mine.begin; k < mine.end; ++k)
            for (std::size_t i = chunks[k].begin; i < chunks[k].end; ++i) partial[k] += term(i);
    });
    double total = 0.0;
    for (double sum : partial) total += sum;
    return total;
}

}  // namespace lab01
