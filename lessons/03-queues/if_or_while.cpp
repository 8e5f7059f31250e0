/// @file if_or_while.cpp
/// @brief Why a wait sits in a `while` loop: a woken thread may find nothing to take.
///
/// Two consumers wait for a mailbox. One letter arrives and both are woken (here by
/// notify_all; in real programs also by a spurious wake-up, or by a third thread that
/// took the letter before the woken one got the mutex back). Only one can have it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;

namespace {

struct Result {
    int empty_handed = 0;  // consumers that went on with nothing to take
    int went_back = 0;     // wake-ups that found nothing and waited again
    int letters_taken = 0;
};

Result run(bool use_while) {
    std::mutex mutex;
    std::condition_variable mail;
    std::deque<int> mailbox;
    int waiting = 0;
    Result result;

    auto consumer = [&] {
        std::unique_lock lock(mutex);
        ++waiting;
        if (use_while) {
            while (mailbox.empty()) {  // RIGHT: look again after every wake-up
                mail.wait(lock);
                if (mailbox.empty()) ++result.went_back;
            }
        } else if (mailbox.empty()) {  // WRONG: assumes a wake-up means "there is mail"
            mail.wait(lock);
        }
        if (mailbox.empty()) {  // a real queue would call front() here: undefined behaviour
            ++result.empty_handed;
            return;
        }
        mailbox.pop_front();
        ++result.letters_taken;
    };

    std::jthread first(consumer), second(consumer);
    for (int tries = 0; tries < 2000; ++tries) {  // until both sleep in wait() (at most 2 s)
        std::unique_lock lock(mutex);
        if (waiting == 2) break;
        lock.unlock();
        std::this_thread::sleep_for(1ms);
    }
    {
        std::lock_guard lock(mutex);
        mailbox.push_back(1);  // one letter...
    }
    mail.notify_all();  // ...and both consumers wake up
    std::this_thread::sleep_for(50ms);
    {
        std::lock_guard lock(mutex);
        mailbox.push_back(2);  // a second letter, for whoever is still waiting
    }
    mail.notify_all();
    first.join();
    second.join();
    return result;
}

}  // namespace

int main() {
    const Result with_if = run(false);
    std::printf("with `if`:    %d letter(s) taken, %d consumer(s) woke to an empty mailbox and carried on anyway\n",
                with_if.letters_taken, with_if.empty_handed);
    std::printf("              (popping from an empty std::deque is undefined behaviour: a crash, or garbage)\n");
    const Result with_while = run(true);
    std::printf("with `while`: %d letter(s) taken, %d wake-up(s) found nothing and went back to waiting\n",
                with_while.letters_taken, with_while.went_back);

    const bool as_expected = with_if.empty_handed >= 1 && with_while.empty_handed == 0 &&
                             with_while.letters_taken == 2;
    std::printf("check: `if` let a consumer through with nothing to take, `while` never did: %s\n",
                as_expected ? "yes" : "NO");
    return as_expected ? 0 : 1;
}
