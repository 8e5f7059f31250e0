/// @file job.hpp
/// @brief The job every demo of lesson 11 does: fetch 200 simulated pages, then parse each one.
///
/// Fetching a page is a wait (the simulated server answers page `id` after 5, 6 or 7 ms);
/// parsing it is about 1 ms of real computation. Each demo does the same job with one
/// model (threads, a pool, fibers, coroutines, processes) and waits its own way; this
/// header holds what they share: the pages, the parse, the checksum that proves every
/// version computed the same answer, and the lines that report the result.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "course/timing.hpp"

namespace job {

inline constexpr int kPages = 200;

/// How long the simulated server takes to answer page `id`: 5, 6 or 7 ms.
inline std::chrono::milliseconds latency(int id) { return std::chrono::milliseconds(5 + id % 3); }

/// The sum of every page's latency: what a program that waits for one page at a time waits.
inline double total_wait_ms() {
    double total = 0;
    for (int id = 0; id < kPages; ++id) total += static_cast<double>(latency(id).count());
    return total;
}

/// The text of page `id` as it arrives: 2 KiB of letters made from its number. (No wait
/// here: each demo waits for the page in its own model's way, then calls this.)
inline std::string body(int id) {
    std::string page(2048, ' ');
    std::uint32_t state = 2654435761u * static_cast<std::uint32_t>(id + 1);
    for (auto& c : page) {
        state = state * 1664525u + 1013904223u;  // a small linear congruential generator
        c = static_cast<char>('a' + (state >> 24) % 26);
    }
    return page;
}

/// Parsing: about 1 ms of real computation on a 2 KiB page (hashing passes over every
/// byte, each pass seeded by the one before, so no pass can be skipped). Returns a digest.
inline std::uint64_t parse(const std::string& page) {
    std::uint64_t digest = 14695981039346656037ull;  // FNV-1a's offset basis
    for (int pass = 0; pass < 450; ++pass)
        for (unsigned char c : page) digest = (digest ^ c) * 1099511628211ull;  // FNV-1a's prime
    return digest;
}

/// Combines the digests in page order into one number: every demo prints the same one
/// if it fetched and parsed every page exactly once and kept each digest in its place.
inline std::uint64_t checksum(const std::vector<std::uint64_t>& digests) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < digests.size(); ++i) sum = sum * 31 + (digests[i] ^ i);
    return sum;
}

/// The checksum of the whole job, as the sequential demo computes it.
inline constexpr std::uint64_t kExpected = 0x90ed852e9fa13f64ull;

/// A demo of this lesson takes no arguments: anything else gets the usage line, exit code 2.
inline void no_arguments(int argc, char** argv) {
    if (argc == 1) return;
    std::fprintf(stderr, "usage: %s\n  (no options: it fetches and parses %d simulated pages)\n", argv[0], kPages);
    std::exit(2);
}

/// What one page's parse costs on this machine, now: the fastest of three runs, in ms.
inline double parse_ms() {
    const std::string page = body(0);
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
        std::uint64_t digest = 0;
        best = std::min(best, course::time_ms([&] { digest = parse(page); }));
        course::keep(digest);
    }
    return best;
}

/// Prints the demo's result: its time, the time one page at a time would take (the known
/// waits plus 200 parses timed in this run), and whether the checksum is the expected one.
/// Returns the demo's exit code: 0, or 1 when the checksum is wrong.
inline int report(const char* model, double total_ms, const std::vector<std::uint64_t>& digests) {
    const double parse = parse_ms();
    const double sequential = total_wait_ms() + kPages * parse;
    const std::uint64_t sum = checksum(digests);
    std::printf("%-34s %8.1f ms for %d pages\n", model, total_ms, kPages);
    std::printf("%-34s %8.1f ms (%.0f ms of waits + %d parses of %.2f ms, timed in this run)\n",
                "one page at a time would take", sequential, total_wait_ms(), kPages, parse);
    std::printf("%-34s %8.2fx as fast\n", "so this model was", sequential / total_ms);
    std::printf("check: checksum %016llx is the sequential version's: %s\n",
                static_cast<unsigned long long>(sum), sum == kExpected ? "yes" : "NO");
    return sum == kExpected ? 0 : 1;
}

}  // namespace job
