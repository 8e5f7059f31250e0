/// @file kernels.hpp
/// @brief Lab 10: three loops made parallel with OpenMP.
///
/// The contract of lab 10. You write the bodies in mandelbrot.cpp, histogram.cpp and
/// integral.cpp; this header is what the graded tests call. Each kernel must give the
/// same answer as the plain serial loop described here, for every thread count.
///
/// Thread count: each kernel runs its parallel loop on exactly `threads` threads,
/// asked for with OpenMP's `num_threads(threads)` clause on the `parallel` directive.
/// Do not call `omp_set_num_threads`: it changes the default for every later parallel
/// region of the whole program (the caller's too), while the clause affects only this
/// one. Every kernel is safe to call from any thread, one call at a time per thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lab10 {

// ---- Task 1: a Mandelbrot image -----------------------------------------------------

/// Iterations of z -> z*z + c, from z = 0, before |z| exceeds 2, for c = x + iy; at most
/// `max_iterations`. Points inside the Mandelbrot set cost all `max_iterations`; points
/// far outside it cost one or two. That is what makes some rows far dearer than others.
inline int escape_time(double x, double y, int max_iterations) {
    double re = 0.0;
    double im = 0.0;
    int i = 0;
    while (i < max_iterations && re * re + im * im <= 4.0) {
        const double next_re = re * re - im * im + x;
        im = 2.0 * re * im + y;
        re = next_re;
        ++i;
    }
    return i;
}

/// The value of one pixel at point (x, y) of the plane: escape_time, or a function of the
/// tests' with the same signature.
using PixelFunction = int (*)(double x, double y, int max_iterations);

/// The window of the complex plane an image shows, and its resolution.
struct Frame {
    double x_min = -2.2;  ///< the plane's x at the left edge of column 0
    double x_max = 0.8;   ///< the plane's x at the right edge of the last column
    double y_min = -1.2;  ///< the plane's y at the top edge of row 0
    double y_max = 2.8;   ///< the plane's y at the bottom edge of the last row
    std::size_t width = 300;
    std::size_t height = 400;
    int max_iterations = 1000;

    /// The x of the centre of column `column`. Use exactly this (and y_of): the tests
    /// compare every pixel with their own serial loop, bit for bit.
    double x_of(std::size_t column) const {
        return x_min + (x_max - x_min) * (static_cast<double>(column) + 0.5) / static_cast<double>(width);
    }
    /// The y of the centre of row `row`.
    double y_of(std::size_t row) const {
        return y_min + (y_max - y_min) * (static_cast<double>(row) + 0.5) / static_cast<double>(height);
    }
};

/// Task 1. Returns the image of `frame`, row by row: element `row * width + column` is
/// `pixel(frame.x_of(column), frame.y_of(row), frame.max_iterations)`, equal to the
/// serial loop's value for every pixel, computed on `threads` threads.
///
/// The rows cost very different amounts (the default frame puts nearly all of the set
/// in its first half), so how the rows are shared out between the threads matters.
/// Every pixel is computed exactly once. An empty frame (width or height 0) gives an
/// empty image.
/// @throws std::invalid_argument if `threads` is 0.
std::vector<int> mandelbrot(const Frame& frame, unsigned threads, PixelFunction pixel = escape_time);

// ---- Task 2: a histogram ------------------------------------------------------------

/// Task 2. Counts how many times each byte value occurs in `data`: element `v` of the
/// result is the number of elements equal to `v`, exactly as a serial loop counts them,
/// computed on `threads` threads.
///
/// No count may be lost: two threads that add one to the same counter at the same
/// time are a data race.
/// @throws std::invalid_argument if `threads` is 0.
std::array<std::uint64_t, 256> histogram(std::span<const std::uint8_t> data, unsigned threads);

// ---- Task 3: a numeric integral -----------------------------------------------------

/// The function to integrate.
using Integrand = double (*)(double x);

/// Task 3. The midpoint rule with `steps` equal steps over [a, b]:
/// h · (f(a + 0.5h) + f(a + 1.5h) + ... + f(a + (steps - 0.5)h)), where
/// h = (b - a) / steps, computed on `threads` threads.
///
/// Each x is `a + (i + 0.5) * h` for i = 0 .. steps - 1, and f is called exactly once
/// per step. The additions may happen in any order, so the result may differ from a
/// serial loop's in the last digits: the tests accept a relative difference of 1e-9.
/// `steps == 0` gives 0.
/// @throws std::invalid_argument if `threads` is 0.
double integrate(Integrand f, double a, double b, std::size_t steps, unsigned threads);

}  // namespace lab10
