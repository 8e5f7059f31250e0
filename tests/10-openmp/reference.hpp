// The serial loops lab 10's graded tests compare the student's kernels with, and the
// inputs they feed them. Written here, in the tests, so a student cannot change them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kernels.hpp"

namespace lab10_test {

/// The Mandelbrot image, one pixel after another on one thread.
inline std::vector<int> serial_mandelbrot(const lab10::Frame& frame, lab10::PixelFunction pixel) {
    std::vector<int> image(frame.width * frame.height);
    for (std::size_t row = 0; row < frame.height; ++row) {
        int* out = image.data() + row * frame.width;
        const double y = frame.y_of(row);
        for (std::size_t column = 0; column < frame.width; ++column)
            out[column] = pixel(frame.x_of(column), y, frame.max_iterations);
    }
    return image;
}

/// The histogram, one byte after another on one thread.
inline std::array<std::uint64_t, 256> serial_histogram(std::span<const std::uint8_t> data) {
    std::array<std::uint64_t, 256> counts{};
    for (std::uint8_t byte : data) ++counts[byte];
    return counts;
}

/// The midpoint rule, one step after another on one thread.
inline double serial_integral(lab10::Integrand f, double a, double b, std::size_t steps) {
    if (steps == 0) return 0.0;
    const double h = (b - a) / static_cast<double>(steps);
    double sum = 0.0;
    for (std::size_t i = 0; i < steps; ++i) sum += f(a + (static_cast<double>(i) + 0.5) * h);
    return sum * h;
}

/// A well-mixed 64-bit hash of i (splitmix64's finaliser): repeatable pseudo-random data.
inline std::uint64_t mix(std::uint64_t i) {
    std::uint64_t z = i + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// Byte i of a pattern like a photo's brightness: all 256 values occur, eight of them
/// (96 to 103) three times in four.
inline std::uint8_t pattern_byte(std::size_t i) {
    const std::uint64_t h = mix(i);
    return (h & 3) != 0 ? static_cast<std::uint8_t>(96 + (h >> 8) % 8) : static_cast<std::uint8_t>(h >> 16);
}

/// Fills data[from, end) with the pattern, which repeats every 2^20 bytes: element i
/// depends on i alone, so a longer buffer starts with a shorter one, and making a large
/// one is a fast copy.
inline void fill_bytes(std::vector<std::uint8_t>& data, std::size_t from) {
    constexpr std::size_t period = std::size_t{1} << 20;
    static const std::vector<std::uint8_t> block = [] {
        std::vector<std::uint8_t> bytes(period);
        for (std::size_t i = 0; i < period; ++i) bytes[i] = pattern_byte(i);
        return bytes;
    }();
    for (std::size_t i = from; i < data.size(); ++i) data[i] = block[i % period];
}

inline std::vector<std::uint8_t> bytes(std::size_t n) {
    std::vector<std::uint8_t> data(n);
    fill_bytes(data, 0);
    return data;
}

}  // namespace lab10_test
