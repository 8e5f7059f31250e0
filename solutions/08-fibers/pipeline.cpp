// Lab 08, task 3: the reference solution. The contract is in pipeline.hpp.
#include "pipeline.hpp"

#include <boost/fiber/all.hpp>

#include <memory>
#include <stdexcept>

namespace lab08 {

using boost::fibers::channel_op_status;

void run_stage(Channel& in, Channel& out, const Work& work, unsigned workers) {
    if (workers == 0) throw std::invalid_argument("run_stage: a stage needs at least 1 worker");
    auto worker = [&] {
        long item = 0;
        // pop() hands out what is left after close(), then reports `closed`: the stage
        // drains its input before it stops.
        while (in.pop(item) == channel_op_status::success)
            if (out.push(work(item)) != channel_op_status::success) return;  // out closed downstream
    };
    std::vector<boost::fibers::fiber> fibers;
    fibers.reserve(workers);
    for (unsigned w = 0; w < workers; ++w) fibers.emplace_back(worker);
    for (auto& fiber : fibers) fiber.join();
    // Only now, when every worker has pushed its last item. A worker that closed `out`
    // as soon as it found `in` empty would cut off the items its siblings still hold.
    out.close();
}

std::vector<long> run_pipeline(const std::vector<long>& source, const std::vector<Stage>& stages,
                               std::size_t capacity) {
    for (const auto& stage : stages)
        if (stage.workers == 0) throw std::invalid_argument("run_pipeline: a stage needs at least 1 worker");

    // channels[s] feeds stage s; channels[s + 1] takes its results. A channel can be
    // neither copied nor moved, hence the unique_ptrs.
    std::vector<std::unique_ptr<Channel>> channels;
    for (std::size_t c = 0; c <= stages.size(); ++c) channels.push_back(std::make_unique<Channel>(capacity));

    boost::fibers::fiber producer([&] {
        for (long item : source)
            if (channels.front()->push(item) != channel_op_status::success) break;
        channels.front()->close();  // the source ran dry: the shutdown starts here
    });
    std::vector<boost::fibers::fiber> running;
    for (std::size_t s = 0; s < stages.size(); ++s)
        running.emplace_back([&, s] { run_stage(*channels[s], *channels[s + 1], stages[s].work, stages[s].workers); });

    std::vector<long> delivered;  // the sink: this fiber
    long item = 0;
    while (channels.back()->pop(item) == channel_op_status::success) delivered.push_back(item);

    producer.join();
    for (auto& fiber : running) fiber.join();
    return delivered;
}

}  // namespace lab08
