#include "grading/concurrency_probe.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "course/timeline.hpp"

namespace grading {

// The timeline of one probe: each stay inside it becomes a bar on the row of the
// thread that stayed ("#1" for the first task to enter, "#2" for the next, ...).
struct ConcurrencyProbe::Recording {
    std::string folder;
    std::optional<course::Timeline> timeline;  // its clock starts when the first task enters
    // Entered and not yet left: the thread, when it entered, its number.
    std::vector<std::tuple<std::thread::id, course::Clock::time_point, int>> open;
    int entered = 0;
};

namespace {

// "Suite.Test" of the running test, safe as a file name ('/' of parameterized tests too).
std::string picture_name() {
    const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
    std::string name = test ? std::string(test->test_suite_name()) + "." + test->name() : "probe";
    for (char& c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) c = '_';
    // A second probe in the same test gets its own picture: Suite.Test-2.svg, ...
    static std::mutex mutex;
    static std::map<std::string, int> pictures;
    std::lock_guard lock(mutex);
    const int count = ++pictures[name];
    return count == 1 ? name : name + "-" + std::to_string(count);
}

}  // namespace

ConcurrencyProbe::ConcurrencyProbe() {
    const char* folder = std::getenv("COURSE_TIMELINE_DIR");
    if (folder && *folder) {
        recording_ = std::make_unique<Recording>();
        recording_->folder = folder;
    }
}

ConcurrencyProbe::~ConcurrencyProbe() {
    if (recording_) save_picture();
}

void ConcurrencyProbe::save_picture() {
    std::lock_guard lock(mutex_);
    if (recording_->entered == 0) return;
    const std::string name = picture_name();
    std::string title = name + ": at most " + std::to_string(high_water_mark_) + " of its tasks ran at once";
    // A task still inside has no end to draw, and Timeline draws a bar on the row of
    // the thread that records it, which would be the wrong one: say it instead.
    if (!recording_->open.empty()) title += " (" + std::to_string(recording_->open.size()) + " never left)";
    const std::string path = recording_->folder + "/" + name + ".svg";
    std::ofstream file(path);
    course::write_svg(file, {{title, &*recording_->timeline}});
    file.close();
    if (!file) std::fprintf(stderr, "could not write the timeline picture %s\n", path.c_str());
}

void ConcurrencyProbe::enter() {
    std::lock_guard lock(mutex_);
    ++inside_;
    high_water_mark_ = std::max(high_water_mark_, inside_);
    if (recording_) {
        if (!recording_->timeline) recording_->timeline.emplace();
        recording_->open.emplace_back(std::this_thread::get_id(), course::Clock::now(), ++recording_->entered);
    }
    changed_.notify_all();
}

void ConcurrencyProbe::leave() {
    std::lock_guard lock(mutex_);
    --inside_;
    if (recording_) {
        // The latest stay of this thread ends (stays on one thread nest).
        auto& open = recording_->open;
        const auto mine = std::find_if(open.rbegin(), open.rend(), [](const auto& stay) {
            return std::get<0>(stay) == std::this_thread::get_id();
        });
        if (mine != open.rend()) {
            // record() numbers rows by the calling thread, which is the one leaving.
            recording_->timeline->record("#" + std::to_string(std::get<2>(*mine)), std::get<1>(*mine),
                                        course::Clock::now());
            open.erase(std::next(mine).base());
        }
    }
    changed_.notify_all();
}

bool ConcurrencyProbe::rendezvous(int expected, std::chrono::milliseconds patience) {
    Inside inside(*this);
    std::unique_lock lock(mutex_);
    const bool met = changed_.wait_for(lock, patience, [&] { return gave_up_ || high_water_mark_ >= expected; });
    if (!met || high_water_mark_ < expected) {
        gave_up_ = true;
        changed_.notify_all();
        return false;
    }
    return true;
}

int ConcurrencyProbe::high_water_mark() const {
    std::lock_guard lock(mutex_);
    return high_water_mark_;
}

int ConcurrencyProbe::inside_now() const {
    std::lock_guard lock(mutex_);
    return inside_;
}

}  // namespace grading
