/// @file timing.hpp
/// @brief Measuring how long something takes, in one line.
#pragma once

#include <chrono>
#include <utility>

namespace course {

/// The clock every demo and test uses: monotonic, so it never jumps when the
/// wall clock is adjusted.
using Clock = std::chrono::steady_clock;

/// Milliseconds as a floating-point number, the unit the course prints.
using Millis = std::chrono::duration<double, std::milli>;

/// Runs `work()` once and returns how long it took, in milliseconds.
template <class Work>
double time_ms(Work&& work) {
    const auto start = Clock::now();
    std::forward<Work>(work)();
    return Millis(Clock::now() - start).count();
}

/// Keeps the compiler from deleting a computation whose result is never used.
///
/// Benchmarks compute values only to time them; an optimiser that sees the
/// value unused may remove the whole loop and report a time of zero.
template <class T>
void keep(const T& value) {
    // An empty asm statement that claims to read `value` through its address: both GCC
    // and Clang must then compute it, and neither can see that nothing happens.
    asm volatile("" : : "g"(&value) : "memory");
}

}  // namespace course
