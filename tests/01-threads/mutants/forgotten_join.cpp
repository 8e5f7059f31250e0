// MUTANT of solutions/01-threads/parallel.cpp: the std::thread objects are destroyed
// without join(). A joinable std::thread's destructor calls std::terminate, so the
// program aborts (SIGABRT) as soon as parallel_for starts a worker.
// EXPECT-LOSS: ParallelFor.VisitsEveryIndexExactlyOnce: crashed \(SIGABRT\)
// EXPECT-LOSS: ParallelFor.HandlesEmptyRangesAndSurplusThreads: crashed \(SIGABRT\)
// EXPECT-LOSS: ParallelFor.RunsTheChunksAtTheSameTime: crashed \(SIGABRT\)
// EXPECT-LOSS: ParallelFor.RethrowsAfterJoiningEveryThread: crashed \(SIGABRT\)
// EXPECT-LOSS: ParallelSum.MatchesTheSerialSum: crashed \(SIGABRT\)
// EXPECT-LOSS: ParallelSum.HandlesEdgeCases: crashed \(SIGABRT\)
// EXPECT-LOSS: ParallelSum.SumsTheChunksAtTheSameTime: crashed \(SIGABRT\)
#include <algorithm>
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
    std::vector<std::thread> workers;  // BUG: std::thread, and nobody calls join()
    for (std::size_t i = 1; i < chunks.size(); ++i) workers.emplace_back(body, chunks[i]);
    body(chunks[0]);
}  // ~thread() on a joinable thread: std::terminate()

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
