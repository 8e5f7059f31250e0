// Graded tests for lab 02 (locks): a bank with concurrent transfers.
// Points are declared beside each test. The concurrency tests prove structure
// (who holds which lock, what can run while a lock is held), never speed.
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <latch>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include "bank.hpp"
#include "grading/graded_test.hpp"

using lab02::Bank;
using lab02::Money;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// Runs body(0) ... body(threads - 1) on their own threads, released together by a
// latch so that they collide as much as possible, and returns when all are done.
void run_together(int threads, const std::function<void(int)>& body) {
    std::latch start(threads);
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            start.arrive_and_wait();
            body(t);
        });
}  // the jthreads join here

// Random transfers between `accounts` accounts, and the net flow each one caused, so
// that the final balances can be checked exactly rather than only their sum.
struct RandomTransfers {
    std::size_t accounts;
    Money max_amount;
    std::vector<std::vector<Money>> net;  // net[thread][account]
    std::atomic<long> succeeded{0};
    std::atomic<long> refused{0};

    RandomTransfers(int threads, std::size_t n, Money max)
        : accounts(n), max_amount(max), net(threads, std::vector<Money>(n, 0)) {}

    // Transfers until `deadline`. The stress lasts a fixed time rather than a fixed count
    // so that the threads overlap for long on any machine: a bug that needs an unlucky
    // interleaving (a deadlock, an overdraft) gets thousands of chances to show.
    void run(Bank& bank, int thread, Clock::time_point deadline, const Bank::Audit& audit = {}) {
        std::mt19937 random(static_cast<unsigned>(thread) + 1);  // a fixed sequence per thread
        std::uniform_int_distribution<std::size_t> pick(0, accounts - 1);
        std::uniform_int_distribution<Money> amount(1, max_amount);
        for (long i = 0; i % 64 != 0 || Clock::now() < deadline; ++i) {
            const std::size_t from = pick(random);
            std::size_t to = pick(random);
            if (to == from) to = (from + 1) % accounts;
            const Money sum = amount(random);
            if (bank.transfer(from, to, sum, audit)) {
                net[thread][from] -= sum;
                net[thread][to] += sum;
                ++succeeded;
            } else {
                ++refused;
            }
        }
    }

    Money expected_balance(std::size_t account, Money initial) const {
        Money balance = initial;
        for (const auto& flows : net) balance += flows[account];
        return balance;
    }
};

// Whether some thread holds `mutex` right now. try_lock on a mutex the caller already
// holds is undefined, so this must run on a thread that holds nothing of the bank's.
bool held_by_someone(std::mutex& mutex) {
    if (!mutex.try_lock()) return true;
    mutex.unlock();
    return false;
}

}  // namespace

// ---- Task 1: the bank on one thread -------------------------------------------------

GRADED_TEST(Basics, OpensAccountsWithTheInitialBalance, 1, 1) {
    const Bank bank(5, 250);
    ASSERT_EQ(bank.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(bank.balance(i), 250) << "account " << i;
    EXPECT_EQ(bank.total(), 1250);
    EXPECT_EQ(Bank(0, 100).total(), 0) << "a bank with no accounts holds no money";
    EXPECT_THROW(Bank(3, -1), std::invalid_argument) << "a negative initial balance must be refused";
}

GRADED_TEST(Basics, TransferMovesTheMoneyAndCallsTheAudit, 1, 1) {
    Bank bank(3, 100);
    int audits = 0;
    EXPECT_TRUE(bank.transfer(0, 2, 30, [&](Money from, Money to) {
        ++audits;
        EXPECT_EQ(from, 70) << "the audit gets the source's balance after the move";
        EXPECT_EQ(to, 130) << "the audit gets the target's balance after the move";
    }));
    EXPECT_EQ(audits, 1) << "a successful transfer calls its audit exactly once";
    EXPECT_EQ(bank.balance(0), 70);
    EXPECT_EQ(bank.balance(1), 100);
    EXPECT_EQ(bank.balance(2), 130);
    EXPECT_TRUE(bank.transfer(0, 1, 70)) << "spending the whole balance is allowed";
    EXPECT_EQ(bank.balance(0), 0);
    EXPECT_EQ(bank.total(), 300);
}

GRADED_TEST(Basics, RefusesAnOverdraftAndChangesNothing, 1, 1) {
    Bank bank(2, 100);
    bool audited = false;
    EXPECT_FALSE(bank.transfer(0, 1, 101, [&](Money, Money) { audited = true; }))
        << "account 0 holds 100, so a transfer of 101 must return false";
    EXPECT_FALSE(audited) << "a refused transfer must not call its audit";
    EXPECT_EQ(bank.balance(0), 100);
    EXPECT_EQ(bank.balance(1), 100);
}

GRADED_TEST(Basics, RejectsBadArguments, 1, 1) {
    Bank bank(2, 100);
    EXPECT_THROW(bank.transfer(0, 2, 1), std::out_of_range) << "account 2 does not exist";
    EXPECT_THROW(bank.transfer(7, 0, 1), std::out_of_range) << "account 7 does not exist";
    EXPECT_THROW(bank.balance(2), std::out_of_range);
    EXPECT_THROW(bank.transfer(1, 1, 1), std::invalid_argument)
        << "a transfer to the same account would lock its mutex twice";
    EXPECT_THROW(bank.transfer(0, 1, 0), std::invalid_argument) << "the amount must be positive";
    EXPECT_THROW(bank.transfer(0, 1, -5), std::invalid_argument) << "the amount must be positive";
    EXPECT_EQ(bank.total(), 200) << "a rejected transfer changes nothing";
}

// ---- Task 2: no money lost, created or overdrawn ------------------------------------

GRADED_TEST(Concurrent, ConservesMoneyUnderContention, 2, 2) {
    // 8 threads, 4 accounts: every pair of accounts sees transfers in both directions
    // at once. Balances are so large that no transfer can be refused.
    constexpr int threads = 8;
    constexpr std::size_t accounts = 4;
    constexpr Money initial = 1'000'000'000;
    Bank bank(accounts, initial);
    RandomTransfers transfers(threads, accounts, 100);
    const auto deadline = Clock::now() + 200ms;
    run_together(threads, [&](int t) { transfers.run(bank, t, deadline); });

    EXPECT_EQ(transfers.refused, 0) << "no transfer can run out of money here, yet some were refused";
    for (std::size_t a = 0; a < accounts; ++a)
        EXPECT_EQ(bank.balance(a), transfers.expected_balance(a, initial))
            << "account " << a << " does not hold what the successful transfers say: an update was lost";
    EXPECT_EQ(bank.total(), static_cast<Money>(accounts) * initial) << "money was created or destroyed";
}

GRADED_TEST(Concurrent, NeverOverdrawsUnderContention, 2, 1) {
    // Little money and large amounts: many transfers must be refused, and two threads
    // often try to spend the same cents at the same moment.
    constexpr int threads = 8;
    constexpr std::size_t accounts = 4;
    constexpr Money initial = 10;
    Bank bank(accounts, initial);
    RandomTransfers transfers(threads, accounts, 10);
    std::atomic<int> overdrafts{0};
    std::atomic<Money> lowest{0};
    const auto deadline = Clock::now() + 300ms;
    run_together(threads, [&](int t) {
        transfers.run(bank, t, deadline, [&](Money from_balance, Money) {
            if (from_balance < 0) {
                ++overdrafts;
                lowest = std::min(lowest.load(), from_balance);
            }
        });
    });

    EXPECT_EQ(overdrafts, 0) << overdrafts << " transfers left their source account below zero (as low as "
                             << lowest << "): check the balance under the same locks as the move";
    for (std::size_t a = 0; a < accounts; ++a) {
        EXPECT_GE(bank.balance(a), 0) << "account " << a << " is overdrawn";
        EXPECT_EQ(bank.balance(a), transfers.expected_balance(a, initial))
            << "account " << a << " does not hold what the successful transfers say";
    }
    EXPECT_EQ(bank.total(), static_cast<Money>(accounts) * initial) << "money was created or destroyed";
    EXPECT_GT(transfers.succeeded, 0);
    EXPECT_GT(transfers.refused, 0);
}

GRADED_TEST(Concurrent, OnlyOneOfTwoRacingWithdrawalsSucceeds, 2, 1) {
    // Two transfers of account 1's whole balance start while this test holds account 0,
    // their destination, so both must wait. Only one of them may succeed.
    Bank bank(2, 100);
    std::unique_lock hold(bank.account_mutex(0));
    std::atomic<int> succeeded{0};
    std::jthread first([&] { succeeded += bank.transfer(1, 0, 100); });
    std::jthread second([&] { succeeded += bank.transfer(1, 0, 100); });
    // Give both transfers time to get as far as they can. A correct transfer waits for
    // the locks before it looks at the balance, so this wait cannot change its result;
    // one that checks first gets both checks done here, against the same 100.
    std::this_thread::sleep_for(100ms);
    hold.unlock();
    first.join();
    second.join();
    EXPECT_EQ(succeeded, 1) << "both transfers of the whole balance succeeded: the balance was checked "
                               "before the locks were taken (check-then-act), so both spent the same money";
    EXPECT_EQ(bank.balance(1), 0);
    EXPECT_EQ(bank.balance(0), 200);
}

GRADED_TEST(Concurrent, BalanceIsSafeToReadWhileTransfersRun, 2, 1) {
    // The contract: every member function is safe to call from any thread at any time.
    // Three threads move money while this one reads balances. A balance() that reads
    // without the account's lock races with the transfers: ThreadSanitizer reports it,
    // and on some machines the reader may see a torn or stale value.
    constexpr int writers = 3;
    constexpr std::size_t accounts = 4;
    constexpr Money initial = 1'000;
    Bank bank(accounts, initial);
    RandomTransfers transfers(writers, accounts, 100);
    std::atomic<int> finished{0};
    long reads = 0, impossible = 0;
    const auto deadline = Clock::now() + 150ms;
    run_together(writers + 1, [&](int t) {
        if (t < writers) {
            transfers.run(bank, t, deadline);
            ++finished;
            return;
        }
        while (finished < writers)
            for (std::size_t a = 0; a < accounts; ++a, ++reads) {
                const Money seen = bank.balance(a);
                if (seen < 0 || seen > static_cast<Money>(accounts) * initial) ++impossible;
            }
    });
    EXPECT_EQ(impossible, 0) << "balance() returned an impossible value while transfers ran (" << impossible
                             << " of " << reads << " reads): read the balance under the account's lock";
    EXPECT_GT(reads, 0);
}

// ---- Task 3: no deadlock ----------------------------------------------------------

GRADED_TEST(Deadlock, OppositeTransfersFinish, 3, 1) {
    // Two threads move money 0 -> 1 while two others move it 1 -> 0. A transfer that
    // locks `from` first deadlocks here quickly: one holds 0 and waits for 1, the other
    // holds 1 and waits for 0. The grader then reports a timeout.
    constexpr Money initial = 1'000'000'000;
    Bank bank(2, initial);
    std::atomic<Money> sent[2] = {0, 0};  // cents sent from account 0 and from account 1
    const auto deadline = Clock::now() + 200ms;
    run_together(4, [&](int t) {
        const std::size_t from = t % 2, to = 1 - from;
        for (long i = 0; i % 64 != 0 || Clock::now() < deadline; ++i) {
            ASSERT_TRUE(bank.transfer(from, to, 1)) << "no transfer can run out of money here";
            ++sent[from];
        }
    });
    EXPECT_EQ(bank.balance(0), initial - sent[0] + sent[1]);
    EXPECT_EQ(bank.balance(1), initial - sent[1] + sent[0]);
}

GRADED_TEST(Deadlock, LocksTheAccountsInAFixedOrder, 3, 2) {
    // This test holds account 0, then starts transfer(1, 0). A correct transfer waits
    // for account 0 holding nothing (or at most backs off); one that locks `from` first
    // sits on account 1 while it waits for 0. We then ask for account 1, patiently.
    Bank bank(2, 100);
    std::unique_lock hold(bank.account_mutex(0));
    std::jthread backwards([&] { bank.transfer(1, 0, 10); });
    std::this_thread::sleep_for(100ms);  // let it take whatever it takes first

    bool got_account_1 = false;
    for (const auto deadline = std::chrono::steady_clock::now() + 2s;
         !got_account_1 && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(1ms))
        got_account_1 = !held_by_someone(bank.account_mutex(1));
    hold.unlock();
    backwards.join();
    EXPECT_TRUE(got_account_1)
        << "transfer(1, 0) kept account 1 locked while it waited for account 0; had this test been "
           "transfer(0, 1), each would wait for the other forever (a deadlock). Take the two locks in a "
           "fixed order (the lower account number first), or both at once with std::scoped_lock";
    EXPECT_EQ(bank.balance(0), 110);
}

// ---- Task 4: transfers that do not share an account run at the same time ----------

GRADED_TEST(Scaling, AuditRunsWhileBothAccountsAreLocked, 4, 1) {
    Bank bank(3, 100);
    bool from_held = false, to_held = false;
    EXPECT_TRUE(bank.transfer(0, 1, 10, [&](Money, Money) {
        std::jthread([&] {
            from_held = held_by_someone(bank.account_mutex(0));
            to_held = held_by_someone(bank.account_mutex(1));
        }).join();
    }));
    EXPECT_TRUE(from_held) << "during the audit of transfer(0, 1), account_mutex(0) was not locked";
    EXPECT_TRUE(to_held) << "during the audit of transfer(0, 1), account_mutex(1) was not locked";
}

GRADED_TEST(Scaling, DisjointTransfersRunAtTheSameTime, 4, 2) {
    // While transfer(0, 1) is inside its critical section (its audit), transfer(2, 3)
    // shares no account with it and must be able to finish. With one lock for the
    // whole bank it waits until the audit returns, and the patience below runs out.
    Bank bank(4, 100);
    std::promise<void> done;
    auto other_finished = done.get_future();
    std::jthread other;
    bool ran_alongside = false;
    EXPECT_TRUE(bank.transfer(0, 1, 10, [&](Money, Money) {
        other = std::jthread([&] {
            bank.transfer(2, 3, 10);
            done.set_value();
        });
        ran_alongside = other_finished.wait_for(2s) == std::future_status::ready;
    }));
    other.join();  // outside the audit: with one global lock it can finish only now
    EXPECT_TRUE(ran_alongside) << "transfer(2, 3) could not finish while transfer(0, 1) held its locks, "
                                  "though they share no account: is there one lock for the whole bank?";
    EXPECT_EQ(bank.balance(3), 110);
}

GRADED_TEST(Total, IsConsistentWhileTransfersRun, 4, 1) {
    // Three threads move money around while this one keeps adding it up. A total that
    // reads accounts one by one catches transfers half done and sees money vanish.
    constexpr int writers = 3;
    constexpr std::size_t accounts = 4;
    constexpr Money initial = 1'000'000;
    Bank bank(accounts, initial);
    RandomTransfers transfers(writers, accounts, 1000);
    std::atomic<int> finished{0};
    long totals = 0, wrong = 0;
    Money first_wrong = 0;
    const auto deadline = Clock::now() + 200ms;
    run_together(writers + 1, [&](int t) {
        if (t < writers) {
            transfers.run(bank, t, deadline);
            ++finished;
            return;
        }
        while (finished < writers) {
            const Money total = bank.total();
            ++totals;
            if (total != static_cast<Money>(accounts) * initial && wrong++ == 0) first_wrong = total;
        }
    });
    EXPECT_EQ(wrong, 0) << wrong << " of " << totals << " calls to total() were wrong (the first said "
                        << first_wrong << " instead of " << accounts * initial
                        << "): total() must hold every account's lock at once";
    EXPECT_EQ(bank.total(), static_cast<Money>(accounts) * initial);
}
