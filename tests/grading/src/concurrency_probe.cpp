#include "grading/concurrency_probe.hpp"

#include <algorithm>

namespace grading {

void ConcurrencyProbe::enter() {
    std::lock_guard lock(mutex_);
    ++inside_;
    high_water_mark_ = std::max(high_water_mark_, inside_);
    changed_.notify_all();
}

void ConcurrencyProbe::leave() {
    std::lock_guard lock(mutex_);
    --inside_;
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
