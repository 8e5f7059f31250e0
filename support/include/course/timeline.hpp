/// @file timeline.hpp
/// @brief Record which thread ran which piece of work when, and draw it.
///
/// A demo creates one Timeline, wraps each piece of work in `timeline.span("name")`,
/// and prints the chart at the end. On one core the bars take turns; on two they
/// overlap. That picture is the difference between concurrency and parallelism.
///
/// @code
/// course::Timeline timeline;
/// std::thread worker([&] { auto busy = timeline.span("worker"); crunch(); });
/// { auto busy = timeline.span("main"); crunch(); }
/// worker.join();
/// timeline.print(std::cout);
/// @endcode
///
/// A demo that draws a timeline also takes `--svg FILE` and saves the same chart as a
/// picture (the docs site embeds pictures drawn this way by a real run):
/// @code
/// int main(int argc, char** argv) {
///     const std::string svg = course::svg_option(argc, argv);  // "" when not asked for
///     ...
///     course::save_svg(svg, {{"Each on its own thread", &timeline}});
/// }
/// @endcode
#pragma once

#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "course/timing.hpp"

namespace course {

/// A thread-safe log of named spans of time, printable as a text chart.
class Timeline {
public:
    /// One finished piece of work.
    struct Entry {
        std::string label;       ///< what the work was
        unsigned thread_number;  ///< 1 for the first thread seen, 2 for the next, ...
        Clock::time_point start;
        Clock::time_point end;
    };

    /// Measures from its construction to its destruction (RAII), then records itself.
    class Span {
    public:
        Span(Timeline& timeline, std::string label);
        ~Span();
        Span(const Span&) = delete;
        Span& operator=(const Span&) = delete;

    private:
        Timeline& timeline_;
        std::string label_;
        Clock::time_point start_;
    };

    /// Starts the chart's clock now; spans are drawn relative to this moment.
    Timeline();

    /// Starts measuring a piece of work called `label`; it ends when the Span is destroyed.
    [[nodiscard]] Span span(std::string label) { return Span(*this, std::move(label)); }

    /// Records a finished piece of work directly. Safe to call from any thread.
    void record(std::string label, Clock::time_point start, Clock::time_point end);

    /// Names the calling thread's row by its role ("main", "worker 2", "consumer"), instead of
    /// "T<n>". Call it first thing on each thread: rows are numbered in the order threads are
    /// first seen, so naming them early also fixes their order. Safe to call from any thread.
    void name_thread(std::string role);

    /// The name of row `number`: its role if the thread was named, else "T<number>".
    std::string thread_name(unsigned number) const;

    /// A copy of everything recorded so far, in the order it finished.
    std::vector<Entry> entries() const;

    /// Draws one row per span: its label, the thread that ran it, and a bar
    /// `width` characters wide for the whole timeline.
    void print(std::ostream& out, int width = 50) const;

    /// Writes Chrome's trace-event JSON; open it at chrome://tracing or ui.perfetto.dev.
    void write_chrome_trace(std::ostream& out) const;

    /// How long after the chart's start the last recorded span ended, in milliseconds.
    double length_ms() const;

    /// The moment the chart's clock started (its construction).
    Clock::time_point origin() const { return origin_; }

private:
    unsigned thread_number(std::thread::id id);  // requires mutex_ held

    mutable std::mutex mutex_;
    Clock::time_point origin_;
    std::vector<Entry> entries_;
    std::vector<std::thread::id> threads_seen_;
    std::vector<std::string> roles_;  // roles_[n - 1] names row n ("" if unnamed)
};

/// One chart of an SVG picture: a title and the timeline to draw under it.
struct TimelineChart {
    std::string title;          ///< drawn above the chart
    const Timeline* timeline;   ///< not owned; must outlive the call
};

/// Writes an SVG picture of one or more timelines, stacked, on one shared time scale:
/// one row per thread, each span a bar labelled with its name, a time axis in ms.
void write_svg(std::ostream& out, const std::vector<TimelineChart>& charts);

/// The `--svg FILE` option of a demo that draws a timeline. Returns FILE, or an empty
/// string when the option is absent. Any other argument prints
/// `usage: <program> [--svg FILE]` to stderr and exits with code 2.
std::string svg_option(int argc, char** argv);

/// Writes `charts` as an SVG picture to `path`, and says so on stdout; does nothing
/// when `path` is empty. A file that cannot be written ends the program with code 1.
void save_svg(const std::string& path, const std::vector<TimelineChart>& charts);

}  // namespace course
