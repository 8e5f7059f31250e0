/// @file pipeline.hpp
/// @brief Lab 08, task 3: a pipeline of fibers joined by Boost.Fiber channels.
///
/// source → stage 1 → stage 2 → ... → sink. Each stage is a few fibers that take items
/// from the channel before them and put results in the channel after them. When the
/// source runs dry it closes the first channel; each stage, once its input is closed and
/// empty, closes its output; the sink stops when the last channel is closed. That is how
/// the whole pipeline shuts down, in order, without losing an item.
#pragma once

#include <boost/fiber/buffered_channel.hpp>

#include <cstddef>
#include <functional>
#include <vector>

namespace lab08 {

/// The channel between two stages. Its capacity must be a power of 2, at least 2, and
/// it holds at most capacity - 1 items (Boost 1.74's buffered_channel rules).
using Channel = boost::fibers::buffered_channel<long>;

/// What a stage does to one item. It may suspend its fiber (boost::this_fiber::sleep_for
/// stands for I/O); it must not throw.
using Work = std::function<long(long)>;

/// One stage of a pipeline: its work, and how many fibers share that work.
struct Stage {
    Work work;
    unsigned workers = 1;
};

/// Task 3, part 1. Runs one stage: `workers` fibers, each taking items from `in` and
/// pushing `work(item)` to `out`, until `in` is closed and empty. Then closes `out`,
/// once, after the last worker's last push, and returns.
///
/// Every item taken from `in` leads to exactly one item pushed to `out` (unless someone
/// else closed `out`, in which case the stage stops). With one worker, items keep their
/// order. Blocks the calling fiber (not the thread) until the stage is done: call it from
/// a fiber of its own when other fibers must feed `in` at the same time.
/// @throws std::invalid_argument if `workers` is 0.
void run_stage(Channel& in, Channel& out, const Work& work, unsigned workers);

/// Task 3, part 2. Runs the whole pipeline on the calling thread: a source fiber pushes
/// the items of `source` in order, then closes the first channel; each stage runs as
/// run_stage does, in a fiber of its own; the calling fiber is the sink. Returns every
/// item that came out of the last stage, in the order it came out, once the last channel
/// is closed and empty. Each channel has `capacity` (see Channel). With no stages, the
/// source feeds the sink directly.
/// @throws std::invalid_argument if a stage has 0 workers (before starting anything).
std::vector<long> run_pipeline(const std::vector<long>& source, const std::vector<Stage>& stages,
                               std::size_t capacity);

}  // namespace lab08
