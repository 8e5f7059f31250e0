// Graded tests for lab 08, task 3: run_stage and run_pipeline. Points beside each test.
//
// Every pipeline runs on a fresh thread (a Background, harness.hpp) that the test waits
// for with a time limit: a stage that forgets to close its output leaves the next stage
// waiting forever, and the test then fails with a message that says so instead of hanging.
#include <boost/fiber/all.hpp>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include "grading/graded_test.hpp"
#include "harness.hpp"
#include "pipeline.hpp"

using lab08::Channel;
using lab08_testing::FiberProbe;
using lab08_testing::in_background;
using namespace std::chrono_literals;

namespace {

constexpr auto patience = 3s;

// Everything left in a channel, without waiting.
std::vector<long> drain(Channel& channel) {
    std::vector<long> items;
    long item = 0;
    while (channel.try_pop(item) == boost::fibers::channel_op_status::success) items.push_back(item);
    return items;
}

// How many items of `got` differ from `expected` (as multisets): 0 when every expected
// item came out exactly once.
std::size_t mismatches(std::vector<long> got, std::vector<long> expected) {
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
    std::vector<long> only_one;
    std::set_symmetric_difference(got.begin(), got.end(), expected.begin(), expected.end(), std::back_inserter(only_one));
    return only_one.size();
}

const char* const never_ended =
    "the pipeline never ended: run_pipeline had not returned after 3 s - does a stage forget to close its output "
    "channel when its input runs dry (so the next stage waits for more items forever)?";

}  // namespace

// ---- Task 3, part 1: run_stage -----------------------------------------------------------

GRADED_TEST(RunStage, TransformsEveryItemAndClosesItsOutput, 3, 2) {
    struct Outcome {
        std::vector<long> items;
        bool closed = false;
    };
    auto run = in_background([] {
        Channel in(64), out(64);
        for (long i = 1; i <= 20; ++i) in.push(i);
        in.close();  // the source ran dry; the 20 items are still there to take
        lab08::run_stage(in, out, [](long x) { return x * 10; }, 1);
        return Outcome{drain(out), out.is_closed()};
    });
    ASSERT_TRUE(run->finishes_within(patience))
        << "run_stage had not returned 3 s after its input was closed: it must stop once the input is closed and empty";
    const auto& outcome = run->result();
    std::vector<long> expected;
    for (long i = 1; i <= 20; ++i) expected.push_back(i * 10);
    EXPECT_EQ(outcome.items, expected) << "run_stage with 1 worker must push work(item) for every item, in order";
    EXPECT_TRUE(outcome.closed) << "run_stage returned without closing its output channel: the next stage would wait "
                                   "for more items forever";
}

GRADED_TEST(RunStage, WaitsForItsInputToClose, 3, 1) {
    struct Outcome {
        bool returned_early = false, closed_early = false, closed_at_end = false;
        std::vector<long> items;
    };
    auto run = in_background([] {
        Channel in(16), out(16);
        Outcome outcome;
        bool returned = false;
        std::exception_ptr error;
        boost::fibers::fiber stage([&] {
            try {
                lab08::run_stage(in, out, [](long x) { return x * 10; }, 2);
            } catch (...) {
                error = std::current_exception();
            }
            returned = true;
        });
        for (long i = 1; i <= 5; ++i) in.push(i);
        boost::this_fiber::sleep_for(20ms);  // the stage takes all five, then waits for more
        outcome.returned_early = returned;
        outcome.closed_early = out.is_closed();
        in.close();
        stage.join();
        if (error) std::rethrow_exception(error);
        outcome.closed_at_end = out.is_closed();
        outcome.items = drain(out);
        return outcome;
    });
    ASSERT_TRUE(run->finishes_within(patience)) << "run_stage had not returned 3 s after its input was closed";
    const auto& outcome = run->result();
    EXPECT_FALSE(outcome.returned_early) << "run_stage returned while its input was still open: it must wait for "
                                            "more items until the input is closed";
    EXPECT_FALSE(outcome.closed_early) << "run_stage closed its output while its input was still open";
    EXPECT_EQ(mismatches(outcome.items, {10, 20, 30, 40, 50}), 0u) << "every item must come out exactly once";
    EXPECT_TRUE(outcome.closed_at_end) << "run_stage returned without closing its output channel: the next stage "
                                          "would wait for more items forever";
}

GRADED_TEST(RunStage, WorkersShareTheInput, 3, 2) {
    // 40 items, 4 workers, 10 ms of (fiber) waiting per item: the 4 workers wait together.
    struct Outcome {
        std::vector<long> items;
        bool closed = false;
    };
    auto probe = std::make_shared<FiberProbe>();
    auto run = in_background([probe] {
        Channel in(64), out(64);
        for (long i = 1; i <= 40; ++i) in.push(i);
        in.close();
        lab08::run_stage(in, out, [probe](long x) {
            FiberProbe::Inside inside(*probe);
            boost::this_fiber::sleep_for(10ms);
            return x * 10;
        }, 4);
        return Outcome{drain(out), out.is_closed()};
    });
    ASSERT_TRUE(run->finishes_within(patience)) << "run_stage with 4 workers had not returned after 3 s";
    const auto& outcome = run->result();
    EXPECT_EQ(probe->high_water_mark(), 4) << "run_stage with 4 workers had " << probe->high_water_mark()
                                           << " item(s) in work at once: each worker is a fiber of its own";
    std::vector<long> expected;
    for (long i = 1; i <= 40; ++i) expected.push_back(i * 10);
    EXPECT_EQ(mismatches(outcome.items, expected), 0u)
        << outcome.items.size() << " items came out for 40 that went in: every item must come out exactly once "
        << "(did a worker close the output while the others still had items to push?)";
    EXPECT_TRUE(outcome.closed) << "run_stage returned without closing its output channel: the next stage would wait "
                                   "for more items forever";
}

// ---- Task 3, part 2: run_pipeline ----------------------------------------------------------

GRADED_TEST(Pipeline, DeliversEverythingExactlyOnceAndEnds, 3, 2) {
    // source → +1 (2 workers) → ×2 (3 workers) → -1 (1 worker) → sink, through channels
    // of capacity 4 (3 items): every stage waits for the others over and over.
    auto run = in_background([] {
        std::vector<long> source;
        for (long i = 1; i <= 2000; ++i) source.push_back(i);
        const auto stir = [](long x) {
            if (x % 7 == 0) boost::this_fiber::yield();  // mixes up the order the workers finish in
        };
        const std::vector<lab08::Stage> stages = {
            {[stir](long x) { stir(x); return x + 1; }, 2},
            {[stir](long x) { stir(x); return x * 2; }, 3},
            {[](long x) { return x - 1; }, 1},
        };
        return lab08::run_pipeline(source, stages, 4);
    });
    ASSERT_TRUE(run->finishes_within(patience)) << never_ended;
    const auto& delivered = run->result();
    std::vector<long> expected;
    for (long i = 1; i <= 2000; ++i) expected.push_back((i + 1) * 2 - 1);
    EXPECT_EQ(delivered.size(), expected.size()) << delivered.size() << " items came out of the pipeline for 2000 "
                                                 << "that went in: every item must come out exactly once";
    EXPECT_EQ(mismatches(delivered, expected), 0u) << "some items came out twice, or never, or changed on the way";
}

GRADED_TEST(Pipeline, EdgeCases, 3, 1) {
    auto run = in_background([] {
        const std::vector<lab08::Stage> two = {{[](long x) { return x + 1; }, 1}, {[](long x) { return x * 3; }, 2}};
        EXPECT_TRUE(lab08::run_pipeline({}, two, 2).empty()) << "an empty source delivers nothing, and must still end";
        EXPECT_EQ(lab08::run_pipeline({3, 1, 2}, {}, 2), (std::vector<long>{3, 1, 2}))
            << "with no stages, the source feeds the sink directly, in order";
        EXPECT_THROW(lab08::run_pipeline({1}, {{[](long x) { return x; }, 0}}, 2), std::invalid_argument)
            << "a stage with 0 workers could never pass an item on: run_pipeline must throw std::invalid_argument";
        return true;
    });
    ASSERT_TRUE(run->finishes_within(patience)) << never_ended;
    run->result();  // rethrows what the calls threw
}
