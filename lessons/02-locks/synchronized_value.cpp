/// @file synchronized_value.cpp
/// @brief Boost.Thread's synchronized_value keeps a value and its mutex together, so no access can forget the lock.
//
// With a separate mutex, nothing stops a line of code from touching the data without
// locking. boost::synchronized_value<T> makes that impossible: the only ways in are
// `->` (locks for one call), synchronize() (locks for a scope) and boost::synchronize(a, b)
// (locks several at once without deadlock, like std::scoped_lock).
#include <boost/thread/synchronized_value.hpp>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

using Queue = boost::synchronized_value<std::vector<std::string>>;

}  // namespace

int main() {
    Queue inbox, archive;
    constexpr int per_thread = 1000;
    {
        std::vector<std::jthread> senders;
        for (int t = 0; t < 2; ++t)
            senders.emplace_back([&, t] {
                for (int i = 0; i < per_thread; ++i)
                    inbox->push_back("message " + std::to_string(t) + "." + std::to_string(i));  // locked for this call
            });
    }

    // One consistent look at the value: the lock is held for the whole scope.
    {
        auto locked = inbox.synchronize();
        std::printf("inbox holds %zu messages; the first is \"%s\"\n", locked->size(), locked->front().c_str());
    }

    // Two values locked together (deadlock-free, whatever order other threads use).
    {
        auto [from, to] = boost::synchronize(inbox, archive);
        to->insert(to->end(), from->begin(), from->end());
        from->clear();
    }

    const std::size_t in = inbox->size(), kept = archive->size();
    std::printf("moved them all: inbox %zu, archive %zu\n", in, kept);
    const bool ok = in == 0 && kept == 2 * per_thread;
    std::printf("%s\n", ok ? "check: no message lost, and no line of this file could touch a vector unlocked."
                           : "check FAILED");
    return ok ? 0 : 1;
}
