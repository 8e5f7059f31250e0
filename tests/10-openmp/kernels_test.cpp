// Graded tests for lab 10 (OpenMP kernels). Points are declared beside each test.
// Every kernel is compared with the serial loop in reference.hpp: bit for bit where the
// answer is whole numbers (iteration counts, histogram counts), to a relative 1e-9 where
// the parallel sum may add in another order (the integral).
#include <atomic>
#include <chrono>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include "course/timing.hpp"
#include "grading/concurrency_probe.hpp"
#include "grading/graded_test.hpp"
#include "kernels.hpp"
#include "reference.hpp"

using lab10::Frame;

namespace {

// 1 and 2 threads, an odd count, and more threads than the 2 cores CI has.
constexpr unsigned thread_counts[] = {1, 2, 3, 7};

// How long the race hunts below go on looking for lost updates. A correct kernel passes
// whatever the time; a racy one is caught once two of its threads run at the same moment.
constexpr auto race_hunt = std::chrono::milliseconds(1500);

// Where two images first differ, in words; empty when they are the same.
std::string image_problem(const std::vector<int>& got, const std::vector<int>& expected, const Frame& frame) {
    std::ostringstream problem;
    if (got.size() != expected.size()) {
        problem << "the image has " << got.size() << " pixels, " << expected.size() << " expected (" << frame.width
                << " x " << frame.height << ")";
        return problem.str();
    }
    for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i] != expected[i]) {
            problem << "pixel (row " << i / frame.width << ", column " << i % frame.width << ") is " << got[i]
                    << ", the serial loop gives " << expected[i];
            return problem.str();
        }
    return "";
}

Frame frame_of(std::size_t width, std::size_t height, int max_iterations = 500) {
    Frame frame;
    frame.width = width;
    frame.height = height;
    frame.max_iterations = max_iterations;
    return frame;
}

}  // namespace

// ---- Task 1: mandelbrot ------------------------------------------------------------

GRADED_TEST(Mandelbrot, MatchesTheSerialImage, 1, 2) {
    Frame centred = frame_of(97, 61, 300);  // the classic view, at an odd size
    centred.x_min = -2.0, centred.x_max = 0.6, centred.y_min = -1.2, centred.y_max = 1.2;
    for (const Frame& frame : {frame_of(150, 200), frame_of(33, 250), centred}) {
        const auto expected = lab10_test::serial_mandelbrot(frame, lab10::escape_time);
        for (unsigned threads : thread_counts)
            if (auto problem = image_problem(lab10::mandelbrot(frame, threads), expected, frame); !problem.empty())
                FAIL() << problem << " (" << frame.width << " x " << frame.height << " pixels, " << threads
                       << " threads)";
    }
}

GRADED_TEST(Mandelbrot, HandlesEdgeCases, 1, 1) {
    EXPECT_TRUE(lab10::mandelbrot(frame_of(0, 10), 2).empty()) << "a frame 0 pixels wide has no pixels";
    EXPECT_TRUE(lab10::mandelbrot(frame_of(10, 0), 2).empty()) << "a frame 0 pixels high has no pixels";
    for (const Frame& frame : {frame_of(1, 1), frame_of(40, 3), frame_of(3, 5)}) {
        const auto expected = lab10_test::serial_mandelbrot(frame, lab10::escape_time);
        if (auto problem = image_problem(lab10::mandelbrot(frame, 8), expected, frame); !problem.empty())
            ADD_FAILURE() << "fewer rows than threads: " << problem << " (" << frame.width << " x " << frame.height
                          << " pixels, 8 threads)";
    }
    EXPECT_THROW(lab10::mandelbrot(frame_of(4, 4), 0), std::invalid_argument) << "0 threads must throw";
}

namespace {
grading::ConcurrencyProbe* pixel_probe = nullptr;  // a PixelFunction takes no context, so it reads this
std::atomic<bool> pixels_met{false};

// The real escape time, but the first pixels each thread computes wait (up to 2 s) until
// two threads are computing pixels at the same time.
int meeting_pixel(double x, double y, int max_iterations) {
    if (!pixels_met.load() && pixel_probe->rendezvous(2, std::chrono::seconds(2))) pixels_met = true;
    return lab10::escape_time(x, y, max_iterations);
}
}  // namespace

GRADED_TEST(Mandelbrot, ComputesRowsOnSeveralThreadsAtOnce, 1, 1) {
    grading::ConcurrencyProbe probe;
    pixel_probe = &probe;
    const Frame frame = frame_of(32, 64, 50);
    const auto image = lab10::mandelbrot(frame, 2, meeting_pixel);
    EXPECT_TRUE(pixels_met) << "with 2 threads, no two pixels were ever computed at the same time: "
                               "the rows ran on one thread (is the loop inside `#pragma omp parallel for`, "
                               "with num_threads(threads)?)";
    if (auto problem = image_problem(image, lab10_test::serial_mandelbrot(frame, lab10::escape_time), frame);
        !problem.empty())
        ADD_FAILURE() << problem;
}

// ---- Task 2: histogram -------------------------------------------------------------

namespace {
// Where a histogram first differs from the serial one, in words (empty when it does
// not): lost counts, the mark of a race, are told apart from counts in the wrong bin.
std::string counts_problem(const std::array<std::uint64_t, 256>& got, const std::array<std::uint64_t, 256>& expected) {
    std::uint64_t counted = 0, total = 0;
    for (std::size_t v = 0; v < 256; ++v) counted += got[v], total += expected[v];
    std::ostringstream problem;
    if (counted < total) {
        problem << "counts were lost: the bins add up to " << counted << " of " << total
                << " bytes (do two threads ever add one to the same counter at the same time?)";
        return problem.str();
    }
    for (std::size_t v = 0; v < 256; ++v)
        if (got[v] != expected[v]) {
            problem << "bin " << v << " holds " << got[v] << ", the serial loop counts " << expected[v];
            return problem.str();
        }
    return "";
}
}  // namespace

GRADED_TEST(Histogram, CountsLikeTheSerialLoop, 2, 2) {
    const std::size_t sizes[] = {1, 1'000, 1'000'003};
    for (unsigned threads : thread_counts)
        for (std::size_t n : sizes) {
            const auto data = lab10_test::bytes(n);
            const auto problem = counts_problem(lab10::histogram(data, threads), lab10_test::serial_histogram(data));
            if (!problem.empty()) FAIL() << problem << " (" << n << " bytes, " << threads << " threads)";
        }
    // Most bytes fall in 8 bins here, so threads that share counters collide on them
    // whenever they run at the same moment. On a busy machine two threads may seldom
    // run at once, so the rounds go on for a while: a race cannot hide behind luck.
    const auto data = lab10_test::bytes(2'000'000);
    const auto expected = lab10_test::serial_histogram(data);
    const auto deadline = course::Clock::now() + race_hunt;
    for (int round = 1; round <= 6 || course::Clock::now() < deadline; ++round)
        for (unsigned threads : {2u, 7u})
            if (auto problem = counts_problem(lab10::histogram(data, threads), expected); !problem.empty())
                FAIL() << problem << " (" << data.size() << " bytes, " << threads << " threads, round " << round << ")";
}

GRADED_TEST(Histogram, HandlesEdgeCases, 2, 1) {
    std::array<std::uint64_t, 256> zero{};
    EXPECT_EQ(lab10::histogram({}, 4), zero) << "no data gives all-zero counts";
    const std::vector<std::uint8_t> three{0, 7, 255};
    std::array<std::uint64_t, 256> expected{};
    expected[0] = expected[7] = expected[255] = 1;
    EXPECT_EQ(lab10::histogram(three, 8), expected) << "3 bytes on 8 threads";
    std::vector<std::uint8_t> every_value(256 * 3);
    for (std::size_t i = 0; i < every_value.size(); ++i) every_value[i] = static_cast<std::uint8_t>(i);
    std::array<std::uint64_t, 256> threes;
    threes.fill(3);
    EXPECT_EQ(lab10::histogram(every_value, 1), threes) << "every byte value, 3 times each, 1 thread";
    EXPECT_THROW(lab10::histogram(three, 0), std::invalid_argument) << "0 threads must throw";
}

// ---- Task 3: integrate -------------------------------------------------------------

namespace {
double square(double x) { return x * x; }
double quarter_circle_slope(double x) { return 4.0 / (1.0 + x * x); }  // integrates to pi on [0, 1]
double root_of_cube(double x) { return std::sqrt(x * x * x); }

// How far an integral is from the serial loop's, in words; empty within 1e-9 relative.
std::string sum_problem(double got, double expected, unsigned threads) {
    if (std::abs(got - expected) <= 1e-9 * std::abs(expected)) return "";
    std::ostringstream problem;
    problem.precision(17);
    // The 1-thread cases run first, so a wrong answer with more threads points at them.
    if (threads > 1) problem << "wrong with " << threads << " threads (were additions lost to a race?): ";
    problem << "got " << got << ", the serial loop gives " << expected << " (relative difference "
            << std::abs(got - expected) / std::abs(expected) << ", 1e-9 allowed)";
    return problem.str();
}
}  // namespace

GRADED_TEST(Integral, MatchesTheSerialSum, 3, 2) {
    struct Case {
        lab10::Integrand f;
        double a, b;
        const char* name;
    };
    const Case cases[] = {{square, 0.0, 3.0, "x^2 on [0, 3]"},
                          {quarter_circle_slope, 0.0, 1.0, "4/(1+x^2) on [0, 1]"},
                          {root_of_cube, 1.0, 1e3, "sqrt(x^3) on [1, 1000]"}};
    for (unsigned threads : thread_counts)  // 1 thread first: a wrong answer there is not a race
        for (const Case& c : cases)
            for (std::size_t steps : {1u, 10u, 1'000u, 1'000'003u})
                if (auto problem = sum_problem(lab10::integrate(c.f, c.a, c.b, steps, threads),
                                               lab10_test::serial_integral(c.f, c.a, c.b, steps), threads);
                    !problem.empty())
                    FAIL() << problem << " (" << c.name << ", " << steps << " steps)";
    // Threads adding into one shared sum lose additions whenever they run at the same
    // moment; the rounds go on for a while, so such a race cannot hide behind luck.
    const double expected = lab10_test::serial_integral(square, 0.0, 3.0, 2'000'000);
    const auto deadline = course::Clock::now() + race_hunt;
    for (int round = 1; round <= 4 || course::Clock::now() < deadline; ++round)
        for (unsigned threads : {2u, 7u})
            if (auto problem = sum_problem(lab10::integrate(square, 0.0, 3.0, 2'000'000, threads), expected, threads);
                !problem.empty())
                FAIL() << problem << " (x^2 on [0, 3], 2000000 steps, round " << round << ")";
}

namespace {
std::atomic<long> integrand_calls{0};
double counted_square(double x) {
    ++integrand_calls;
    return x * x;
}

grading::ConcurrencyProbe* integrand_probe = nullptr;
std::atomic<bool> integrand_met{false};
double meeting_square(double x) {
    if (!integrand_met.load() && integrand_probe->rendezvous(2, std::chrono::seconds(2))) integrand_met = true;
    return x * x;
}
}  // namespace

GRADED_TEST(Integral, HandlesEdgeCases, 3, 1) {
    EXPECT_EQ(lab10::integrate(square, 0.0, 3.0, 0, 4), 0.0) << "0 steps give 0";
    EXPECT_EQ(lab10::integrate(square, 0.0, 3.0, 1, 4), 1.5 * 1.5 * 3.0) << "1 step: f at the midpoint times b - a";
    EXPECT_EQ(lab10::integrate(square, 2.0, 2.0, 100, 4), 0.0) << "an empty interval gives 0";
    if (auto problem = sum_problem(lab10::integrate(square, 3.0, 0.0, 1'000, 1),
                                   lab10_test::serial_integral(square, 3.0, 0.0, 1'000), 1);
        !problem.empty())
        ADD_FAILURE() << "b < a must give minus the integral from b to a: " << problem;
    integrand_calls = 0;
    lab10::integrate(counted_square, 0.0, 1.0, 10'007, 3);
    EXPECT_EQ(integrand_calls.load(), 10'007) << "f must be called exactly once per step";
    EXPECT_THROW(lab10::integrate(square, 0.0, 1.0, 10, 0), std::invalid_argument) << "0 threads must throw";
}

GRADED_TEST(Integral, CallsTheIntegrandOnSeveralThreadsAtOnce, 3, 1) {
    grading::ConcurrencyProbe probe;
    integrand_probe = &probe;
    lab10::integrate(meeting_square, 0.0, 1.0, 1'000, 2);
    EXPECT_TRUE(integrand_met) << "with 2 threads, f was never called by two threads at the same time: "
                                  "the steps ran on one thread (is the loop inside `#pragma omp parallel for`, "
                                  "with num_threads(threads)?)";
}
