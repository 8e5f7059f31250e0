// Lab 10, task 1, reference solution.
#include <omp.h>

#include <stdexcept>

#include "kernels.hpp"

namespace lab10 {

std::vector<int> mandelbrot(const Frame& frame, unsigned threads, PixelFunction pixel) {
    if (threads == 0) throw std::invalid_argument("mandelbrot: threads must be at least 1");
    std::vector<int> image(frame.width * frame.height);

    // A row inside the set costs max_iterations per pixel; a row of empty sky costs one
    // or two. schedule(static) would hand each thread one contiguous block of rows,
    // and the thread holding the set would work while the other sat idle.
    // schedule(dynamic) hands out one row at a time to whichever thread is free, so
    // both stay busy until the last row. (Each row is thousands of iterations, so
    // fetching the next row number costs next to nothing.)
#pragma omp parallel for schedule(dynamic) num_threads(threads)
    for (std::size_t row = 0; row < frame.height; ++row) {
        // Each row is written by exactly one thread, and rows do not overlap: no race.
        int* out = image.data() + row * frame.width;
        const double y = frame.y_of(row);
        for (std::size_t column = 0; column < frame.width; ++column)
            out[column] = pixel(frame.x_of(column), y, frame.max_iterations);
    }
    return image;
}

}  // namespace lab10
