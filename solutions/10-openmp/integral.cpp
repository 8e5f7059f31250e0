// Lab 10, task 3, reference solution.
#include <omp.h>

#include <stdexcept>

#include "kernels.hpp"

namespace lab10 {

double integrate(Integrand f, double a, double b, std::size_t steps, unsigned threads) {
    if (threads == 0) throw std::invalid_argument("integrate: threads must be at least 1");
    if (steps == 0) return 0.0;
    const double h = (b - a) / static_cast<double>(steps);

    // reduction(+ : sum): each thread adds into a private sum that starts at 0, and
    // OpenMP adds the private sums into `sum` when the loop ends. The additions happen
    // in a different order from the serial loop's, so the last digits may differ.
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum) num_threads(threads)
    for (std::size_t i = 0; i < steps; ++i) sum += f(a + (static_cast<double>(i) + 0.5) * h);
    return sum * h;
}

}  // namespace lab10
