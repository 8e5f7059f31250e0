// MUTANT of solutions/01-threads/parallel.cpp: every thread adds its partial sum into
// one shared total with no lock. `total += sum` is a read, an add and a write; two
// threads doing it at once can lose one of the additions. ThreadSanitizer sees it.
// EXPECT-LOSS: ParallelSum.MatchesTheSerialSum: data race
// EXPECT-LOSS: ParallelSum.HandlesEdgeCases: data race
// EXPECT-LOSS: ParallelSum.SumsTheChunksAtTheSameTime: data race
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
    std::exception_ptr error;
    std::mutex error_mutex;
    {
        std::vector<std::jthread> workers;
        for (Chunk chunk : split_range(n, threads))
            workers.emplace_back([&, chunk] {
                try {
                    body(chunk);
                } catch (...) {
                    std::lock_guard lock(error_mutex);
                    if (!error) error = std::current_exception();
                }
            });
    }
    if (error) std::rethrow_exception(error);
}

double parallel_sum(std::size_t n, unsigned threads, double (*term)(std::size_t)) {
    if (threads == 0) throw std::invalid_argument("threads must be at least 1");
    double total = 0.0;
    parallel_for(n, threads, [&](Chunk chunk) {
        double sum = 0.0;
        for (std::size_t i = chunk.begin; i < chunk.end; ++i) sum += term(i);
        total += sum;  // BUG: unsynchronised read-modify-write of shared data
    });
    return total;
}

}  // namespace lab01
