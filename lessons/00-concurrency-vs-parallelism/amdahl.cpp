/// @file amdahl.cpp
/// @brief Amdahl's law measured: the part of a job that only one thread can do caps the speedup of the rest.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "course/cores.hpp"
#include "course/timing.hpp"
#include "cpu_work.hpp"

namespace {

constexpr int kPieces = 2;  // the parallel part is cut in two, for up to two threads

// One run of a job of `total` iterations, of which the fraction `serial_fraction` can
// only be done by one thread (think: reading the input, merging the results) and the
// rest is split into kPieces pieces, run on `threads` threads (1 or kPieces).
// Returns the time in ms; `answer` receives a value that proves the work was done.
double run(double serial_fraction, int threads, std::uint64_t total, std::uint64_t& answer) {
    const auto serial = static_cast<std::uint64_t>(serial_fraction * static_cast<double>(total));
    const std::uint64_t piece = (total - serial) / kPieces;
    return course::time_ms([&] {
        std::uint64_t pieces[kPieces];
        const std::uint64_t first = lesson00::crunch(serial, 1);  // the serial part
        {
            std::vector<std::jthread> helpers;
            for (int p = 1; p < kPieces; ++p) {
                auto work = [&pieces, piece, p] { pieces[p] = lesson00::crunch(piece, p + 2); };
                if (threads > 1) helpers.emplace_back(work); else work();
            }
            pieces[0] = lesson00::crunch(piece, 2);
        }  // the helpers join here
        answer = first ^ pieces[0] ^ pieces[1];
    });
}

// Amdahl's law: the best speedup on `threads` threads when `s` of the work is serial.
double amdahl(double s, int threads) { return 1.0 / (s + (1.0 - s) / threads); }

// The law's limit with unlimited cores, 1 / s, formatted like the other columns.
std::string limit(double s) {
    if (s == 0) return "no limit";
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", 1.0 / s);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<double> fractions{0.0, 0.25, 0.5, 0.75};
    if (argc > 1) {
        char* end = nullptr;
        const double s = std::strtod(argv[1], &end);
        if (argc > 2 || *end != '\0' || end == argv[1] || !(s >= 0.0 && s <= 1.0)) {
            std::cerr << "usage: amdahl [serial-fraction between 0 and 1, e.g. 0.1]\n";
            return 2;
        }
        fractions = {s};
    }
    const std::uint64_t total = lesson00::iterations_for_ms(60);
    const unsigned cores = course::usable_cores();
    std::cout << "A 60 ms job; a fraction s of it is serial. Run on 1 thread and on 2 threads\n"
              << "(this process may use " << cores << " core(s)). Fastest of 3 runs each.\n\n"
              << "    s   1 thread   2 threads   measured   Amdahl, 2 threads   Amdahl, no limit on cores\n";
    bool same = true;
    double first_speedup = 0;
    double previous_speedup = 0;
    bool falls = true;  // did the measured speedup fall (within noise) as s grew?
    for (double s : fractions) {
        double best[2] = {1e9, 1e9};
        std::uint64_t answers[2];
        for (int repeat = 0; repeat < 3; ++repeat)
            for (int threads : {1, 2})
                best[threads - 1] = std::min(best[threads - 1], run(s, threads, total, answers[threads - 1]));
        same = same && answers[0] == answers[1];
        if (first_speedup == 0) first_speedup = best[0] / best[1];
        if (previous_speedup > 0 && best[0] / best[1] > previous_speedup + 0.05) falls = false;
        previous_speedup = best[0] / best[1];
        std::cout << std::fixed << std::setprecision(2) << std::setw(5) << s << std::setprecision(0)
                  << std::setw(8) << best[0] << " ms" << std::setw(9) << best[1] << " ms" << std::setprecision(2)
                  << std::setw(10) << best[0] / best[1] << "x" << std::setw(15) << amdahl(s, 2) << "x"
                  << std::setw(22) << limit(s) << "\n";
    }
    std::cout << "\nThe serial part takes as long on 2 threads as on 1, so the law's speedup falls as s\n"
                 "grows: 1 / (s + (1 - s) / P) on P cores, and never more than 1 / s, however many\n"
                 "cores you add. With s = 0.1, even 1000 cores give less than 10x.\n";
    if (fractions.size() > 1 && cores >= 2)
        std::cout << (falls ? "The measured column fell with s too, as the law says.\n"
                            : "The measured column did not fall steadily with s this time: the figures are noisy.\n");
    if (cores < 2) std::cout << "With 1 usable core, every measured speedup stays near 1x.\n";
    else if (fractions.front() == 0.0 && first_speedup < 1.3)
        std::cout << "Note: s = 0 should be near 2x. Other programs were probably busy on this\n"
                     "machine's cores; the figures are noisy, so run it again when it is quiet.\n";
    std::cout << "\nCheck: 1 and 2 threads computed the same answers: " << (same ? "yes" : "NO") << "\n";
    return same ? 0 : 1;
}
