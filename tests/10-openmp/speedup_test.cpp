// Graded speedup tests for lab 10: each kernel against the serial loop in reference.hpp,
// through the course's speedup harness (interleaved runs, the fastest of several, the
// answer checked on every run, targets scaled to the usable cores).
#include <cmath>
#include <cstdint>
#include <vector>

#include "grading/graded_test.hpp"
#include "grading/speedup.hpp"
#include "kernels.hpp"
#include "reference.hpp"

namespace {

// The serial loops call the work through a pointer the optimiser cannot see through,
// exactly as the kernels must, so both sides do the same work per pixel or step.
lab10::PixelFunction volatile pixel_pointer = lab10::escape_time;

// The default frame (nearly all of the set in its first half) with about n pixels, 3:4.
lab10::Frame frame_with_pixels(std::size_t n) {
    lab10::Frame frame;
    frame.width = std::max<std::size_t>(1, static_cast<std::size_t>(std::sqrt(static_cast<double>(n) * 0.75)));
    frame.height = std::max<std::size_t>(1, n / frame.width);
    return frame;
}

// One number that changes if any pixel does: each pixel weighted by its position.
// Whole numbers far below 2^53, so the double is exact.
double checksum(const std::vector<int>& image) {
    double sum = 0;
    for (std::size_t i = 0; i < image.size(); ++i) sum += static_cast<double>(image[i]) * static_cast<double>(i % 7 + 1);
    return sum;
}

double checksum(const std::array<std::uint64_t, 256>& counts) {
    double sum = 0;
    for (std::size_t v = 0; v < counts.size(); ++v) sum += static_cast<double>(counts[v]) * static_cast<double>(v + 1);
    return sum;
}

// The histogram's input, made once and grown when a larger size is asked for, so that
// neither side's time includes making it. Element i never changes, so every size sees
// the same bytes.
std::span<const std::uint8_t> bytes_for(std::size_t n) {
    static std::vector<std::uint8_t> data;
    if (data.size() < n) {
        const std::size_t old = data.size();
        data.resize(n + n / 4);
        lab10_test::fill_bytes(data, old);
    }
    return {data.data(), n};
}

// CPU-bound work per step: a square root, nothing shared, little memory traffic.
double root_of_cube(double x) { return std::sqrt(x * x * x); }
lab10::Integrand volatile integrand_pointer = root_of_cube;

}  // namespace

GRADED_TEST(MandelbrotSpeedup, IsFasterOnEveryCore, 1, 4) {
    // A plain schedule(static) hands each thread one contiguous block of rows; on this
    // frame, one block holds nearly all the expensive rows and the speedup stays near 1.
    const grading::SpeedupGoal goal{.what = "mandelbrot on a frame whose rows cost very different amounts",
                                    .start_size = 60'000,
                                    .tolerance = 0};
    grading::check_speedup(
        goal,
        [](std::size_t n) { return checksum(lab10_test::serial_mandelbrot(frame_with_pixels(n), pixel_pointer)); },
        [](std::size_t n, unsigned threads) {
            return checksum(lab10::mandelbrot(frame_with_pixels(n), threads, pixel_pointer));
        });
}

GRADED_TEST(HistogramSpeedup, IsFasterOnEveryCore, 2, 3) {
    // Made before timing starts, so that the harness's sizing runs time the counting, not
    // the making: 320 MB, more than 100 ms of counting on the course's machines.
    bytes_for(std::size_t{1} << 28);
    const grading::SpeedupGoal goal{
        .what = "histogram of bytes", .start_size = 1 << 22, .min_serial_ms = 100, .tolerance = 0};
    grading::check_speedup(
        goal, [](std::size_t n) { return checksum(lab10_test::serial_histogram(bytes_for(n))); },
        [](std::size_t n, unsigned threads) { return checksum(lab10::histogram(bytes_for(n), threads)); });
}

GRADED_TEST(IntegralSpeedup, IsFasterOnEveryCore, 3, 2) {
    const grading::SpeedupGoal goal{.what = "integral of sqrt(x^3)", .start_size = 1 << 20};
    grading::check_speedup(
        goal, [](std::size_t n) { return lab10_test::serial_integral(integrand_pointer, 1.0, 1e3, n); },
        [](std::size_t n, unsigned threads) { return lab10::integrate(integrand_pointer, 1.0, 1e3, n, threads); });
}
