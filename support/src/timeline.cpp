#include "course/timeline.hpp"

#include <algorithm>
#include <cstdio>
#include <iomanip>

#include <nlohmann/json.hpp>

namespace course {

Timeline::Span::Span(Timeline& timeline, std::string label)
    : timeline_(timeline), label_(std::move(label)), start_(Clock::now()) {}

Timeline::Span::~Span() { timeline_.record(std::move(label_), start_, Clock::now()); }

Timeline::Timeline() : origin_(Clock::now()) {}

unsigned Timeline::thread_number(std::thread::id id) {
    auto seen = std::find(threads_seen_.begin(), threads_seen_.end(), id);
    if (seen == threads_seen_.end()) {
        threads_seen_.push_back(id);
        return static_cast<unsigned>(threads_seen_.size());
    }
    return static_cast<unsigned>(seen - threads_seen_.begin()) + 1;
}

void Timeline::record(std::string label, Clock::time_point start, Clock::time_point end) {
    std::lock_guard lock(mutex_);
    const unsigned number = thread_number(std::this_thread::get_id());
    entries_.push_back({std::move(label), number, start, end});
}

void Timeline::name_thread(std::string role) {
    std::lock_guard lock(mutex_);
    const unsigned number = thread_number(std::this_thread::get_id());
    if (roles_.size() < number) roles_.resize(number);
    roles_[number - 1] = std::move(role);
}

std::string Timeline::thread_name(unsigned number) const {
    std::lock_guard lock(mutex_);
    if (number >= 1 && number <= roles_.size() && !roles_[number - 1].empty()) return roles_[number - 1];
    return "T" + std::to_string(number);
}

std::vector<Timeline::Entry> Timeline::entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

void Timeline::print(std::ostream& out, int width) const {
    auto rows = entries();
    if (rows.empty()) return;
    std::sort(rows.begin(), rows.end(), [](const Entry& a, const Entry& b) { return a.start < b.start; });

    Clock::time_point last = rows.front().end;
    std::size_t label_width = 5;
    std::size_t thread_width = 6;
    for (const auto& row : rows) {
        last = std::max(last, row.end);
        label_width = std::max(label_width, row.label.size());
        thread_width = std::max(thread_width, thread_name(row.thread_number).size());
    }
    const double total_ms = std::max(Millis(last - origin_).count(), 1e-3);
    const auto column = [&](Clock::time_point t) {
        return std::clamp(static_cast<int>(Millis(t - origin_).count() / total_ms * width), 0, width);
    };

    out << std::left << std::setw(static_cast<int>(label_width)) << "work" << "  "
        << std::setw(static_cast<int>(thread_width)) << "thread" << " |0 ms"
        << std::string(static_cast<std::size_t>(std::max(0, width - 4 - 10)), ' ') << std::right
        << std::setw(8) << std::fixed << std::setprecision(0) << total_ms << " ms|\n";
    for (const auto& row : rows) {
        const int from = column(row.start);
        const int to = std::max(column(row.end), from + 1);  // every span gets at least one mark
        std::string bar(static_cast<std::size_t>(width), ' ');
        for (int i = from; i < std::min(to, width); ++i) bar[static_cast<std::size_t>(i)] = '#';
        out << std::left << std::setw(static_cast<int>(label_width)) << row.label << "  "
            << std::setw(static_cast<int>(thread_width)) << thread_name(row.thread_number) << " |" << bar << "|\n";
    }
    out << std::right;
}

void Timeline::write_chrome_trace(std::ostream& out) const {
    // Chrome's trace-event format (chrome://tracing, ui.perfetto.dev): one complete ("X")
    // event per span, times in microseconds. nlohmann::json escapes whatever a label holds.
    nlohmann::json events = nlohmann::json::array();
    for (const auto& row : entries()) {
        const auto micros = [&](Clock::time_point t) { return Millis(t - origin_).count() * 1000.0; };
        events.push_back({{"name", row.label}, {"ph", "X"}, {"pid", 1}, {"tid", row.thread_number},
                          {"ts", micros(row.start)}, {"dur", micros(row.end) - micros(row.start)}});
    }
    out << nlohmann::json{{"traceEvents", events}}.dump(1) << "\n";
}

}  // namespace course
