// Lab 01, reference solution.
#include "parallel.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace lab01 {

std::vector<Chunk> split_range(std::size_t n, unsigned parts) {
    if (parts == 0) throw std::invalid_argument("split_range: parts must be at least 1");
    const std::size_t count = std::min<std::size_t>(n, parts);  // no empty chunks
    std::vector<Chunk> chunks;
    chunks.reserve(count);
    std::size_t begin = 0;
    for (std::size_t i = 0; i < count; ++i) {
        // The first n % count chunks take one extra index, so sizes differ by at most one.
        const std::size_t size = n / count + (i < n % count ? 1 : 0);
        chunks.push_back({begin, begin + size});
        begin += size;
    }
    return chunks;
}

void parallel_for(std::size_t n, unsigned threads, const std::function<void(Chunk)>& body) {
    if (threads == 0) throw std::invalid_argument("parallel_for: threads must be at least 1");
    const auto chunks = split_range(n, threads);
    if (chunks.empty()) return;

    // An exception must not escape a std::thread (that calls std::terminate), so each
    // worker catches it; the first one is kept and rethrown here after every join.
    std::exception_ptr first_error;
    std::mutex error_mutex;
    auto run = [&](Chunk chunk) {
        try {
            body(chunk);
        } catch (...) {
            std::lock_guard lock(error_mutex);
            if (!first_error) first_error = std::current_exception();
        }
    };

    {
        // jthread joins in its destructor, so every worker is joined even if
        // starting a later one throws (for example std::system_error).
        std::vector<std::jthread> workers;
        workers.reserve(chunks.size() - 1);
        for (std::size_t i = 1; i < chunks.size(); ++i) workers.emplace_back(run, chunks[i]);
        run(chunks[0]);  // the calling thread does its share instead of waiting idle
    }
    if (first_error) std::rethrow_exception(first_error);
}

double parallel_sum(std::size_t n, unsigned threads, double (*term)(std::size_t)) {
    if (threads == 0) throw std::invalid_argument("parallel_sum: threads must be at least 1");
    const auto chunks = split_range(n, threads);

    // One slot per chunk: each thread writes only its own slot, so no lock is needed.
    // A thread adds into a local variable and writes its slot once at the end; adding
    // into the shared vector directly would bounce its cache line between the cores
    // (false sharing).
    std::vector<double> partial(chunks.size(), 0.0);
    // Run over chunk numbers: with chunks.size() <= threads, each thread gets one.
    parallel_for(chunks.size(), threads, [&](Chunk mine) {
        for (std::size_t k = mine.begin; k < mine.end; ++k) {
            double sum = 0.0;
            for (std::size_t i = chunks[k].begin; i < chunks[k].end; ++i) sum += term(i);
            partial[k] = sum;
        }
    });

    double total = 0.0;
    for (double sum : partial) total += sum;  // in chunk order, so the result is repeatable
    return total;
}

}  // namespace lab01
