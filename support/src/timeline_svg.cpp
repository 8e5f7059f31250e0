// Timelines as pictures: the SVG twin of Timeline::print, and the demos' --svg option.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "course/timeline.hpp"

namespace course {
namespace {

// The picture's geometry, in SVG pixels.
constexpr double kWidth = 760;       // the whole picture
constexpr double kLeft = 84;         // room for the row names ("main", "worker 2", "T3")
constexpr double kRight = 26;  // room for the last tick label
constexpr double kTitleHeight = 24;
constexpr double kRowHeight = 24;
constexpr double kBarHeight = 18;
constexpr double kAxisHeight = 30;   // ticks and their labels under each chart
constexpr double kChartGap = 14;
constexpr double kCharWidth = 6.4;   // an 11 px sans-serif character, a generous estimate

// One colour per thread, so the rows stay apart even when their bars line up.
constexpr std::string_view kColours[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759",
                                         "#76b7b2", "#edc948", "#b07aa1", "#9c755f"};

std::string escaped(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// The label cut to what fits in `room` pixels, with an ellipsis when cut; empty if
// not even two characters fit.
std::string fitted(const std::string& label, double room) {
    const auto fits = static_cast<std::size_t>(std::max(0.0, room - 6) / kCharWidth);
    if (label.size() <= fits) return label;
    if (fits < 3) return "";
    return label.substr(0, fits - 1) + "\u2026";
}

// A tick spacing of 1, 2 or 5 times a power of ten that gives about six ticks.
double tick_step(double total_ms) {
    const double rough = total_ms / 6;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    for (double factor : {1.0, 2.0, 5.0})
        if (factor * power >= rough) return factor * power;
    return 10 * power;
}

std::string number(double value, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

}  // namespace

double Timeline::length_ms() const {
    std::lock_guard lock(mutex_);
    double last = 0;
    for (const auto& entry : entries_) last = std::max(last, Millis(entry.end - origin_).count());
    return last;
}

void write_svg(std::ostream& out, const std::vector<TimelineChart>& charts) {
    double total_ms = 1e-3;  // one time scale for every chart, so they compare at a glance
    double height = 0;
    for (const auto& chart : charts) {
        total_ms = std::max(total_ms, chart.timeline->length_ms());
        unsigned threads = 1;
        for (const auto& entry : chart.timeline->entries()) threads = std::max(threads, entry.thread_number);
        height += kTitleHeight + threads * kRowHeight + kAxisHeight + kChartGap;
    }
    const double step = tick_step(total_ms);
    const double plot = kWidth - kLeft - kRight;
    const auto x_of = [&](double ms) { return kLeft + std::clamp(ms / total_ms, 0.0, 1.0) * plot; };
    const int decimals = step < 1 ? 1 : 0;

    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << kWidth << ' ' << height << "\" font-family=\"sans-serif\" font-size=\"11\">\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    double top = 0;
    for (const auto& chart : charts) {
        auto entries = chart.timeline->entries();
        unsigned threads = 1;
        for (const auto& entry : entries) threads = std::max(threads, entry.thread_number);
        const Clock::time_point origin = chart.timeline->origin();
        out << "<text x=\"" << kLeft << "\" y=\"" << top + 16 << "\" font-size=\"13\" font-weight=\"bold\">"
            << escaped(chart.title) << "</text>\n";
        const double rows_top = top + kTitleHeight;
        for (unsigned thread = 1; thread <= threads; ++thread) {
            const double y = rows_top + (thread - 1) * kRowHeight;
            out << "<rect x=\"" << kLeft << "\" y=\"" << y << "\" width=\"" << plot << "\" height=\"" << kRowHeight
                << "\" fill=\"" << (thread % 2 ? "#f4f6f8" : "#ffffff") << "\"/>\n"
                << "<text x=\"" << kLeft - 8 << "\" y=\"" << y + kRowHeight / 2 + 4
                << "\" text-anchor=\"end\" fill=\"#333\">" << escaped(chart.timeline->thread_name(thread))
                << "</text>\n";
        }
        for (const auto& entry : entries) {
            const double start_ms = Millis(entry.start - origin).count();
            const double end_ms = Millis(entry.end - origin).count();
            const double x = x_of(start_ms);
            const double width = std::max(x_of(end_ms) - x, 2.0);  // an instant still shows
            const double y = rows_top + (entry.thread_number - 1) * kRowHeight + (kRowHeight - kBarHeight) / 2;
            const std::string_view colour = kColours[(entry.thread_number - 1) % std::size(kColours)];
            out << "<g><title>" << escaped(entry.label) << ": " << number(start_ms, 1) << " to "
                << number(end_ms, 1) << " ms on " << escaped(chart.timeline->thread_name(entry.thread_number)) << "</title>"
                << "<rect x=\"" << number(x, 2) << "\" y=\"" << y << "\" width=\"" << number(width, 2)
                << "\" height=\"" << kBarHeight << "\" rx=\"3\" fill=\"" << colour
                << "\" stroke=\"#ffffff\" stroke-width=\"1\"/>";
            const std::string text = fitted(entry.label, width);
            if (!text.empty())
                out << "<text x=\"" << number(x + 4, 2) << "\" y=\"" << y + kBarHeight / 2 + 4
                    << "\" fill=\"#ffffff\">" << escaped(text) << "</text>";
            out << "</g>\n";
        }
        const double axis_y = rows_top + threads * kRowHeight;
        out << "<line x1=\"" << kLeft << "\" y1=\"" << axis_y << "\" x2=\"" << kLeft + plot << "\" y2=\"" << axis_y
            << "\" stroke=\"#333\"/>\n";
        for (double tick = 0; tick <= total_ms + step * 1e-6; tick += step) {
            const double x = x_of(tick);
            out << "<line x1=\"" << number(x, 2) << "\" y1=\"" << axis_y << "\" x2=\"" << number(x, 2) << "\" y2=\""
                << axis_y + 5 << "\" stroke=\"#333\"/><text x=\"" << number(x, 2) << "\" y=\"" << axis_y + 17
                << "\" text-anchor=\"middle\" fill=\"#333\">" << number(tick, decimals) << " ms</text>\n";
        }
        top = axis_y + kAxisHeight + kChartGap;
    }
    out << "</svg>\n";
}

std::string svg_option(int argc, char** argv) {
    if (argc == 1) return "";
    if (argc == 3 && std::string_view(argv[1]) == "--svg" && argv[2][0] != '\0') return argv[2];
    std::cerr << "usage: " << argv[0] << " [--svg FILE]\n"
              << "  --svg FILE  also save the timeline as an SVG picture in FILE\n";
    std::exit(2);
}

void save_svg(const std::string& path, const std::vector<TimelineChart>& charts) {
    if (path.empty()) return;
    std::ofstream file(path);
    write_svg(file, charts);
    file.close();
    if (!file) {
        std::cerr << "could not write the timeline picture to " << path << "\n";
        std::exit(1);
    }
    std::cout << "\nThe timeline picture is in " << path << "\n";
}

}  // namespace course
