/// @file bank.hpp
/// @brief Lab 02: a bank whose accounts many threads transfer between at once.
///
/// The contract of lab 02. You write the bodies in bank.cpp; this header is what the
/// graded tests call. Every member function is safe to call from any thread at any time.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace lab02 {

/// An amount of money in whole cents, so that sums are exact.
using Money = long long;

/// A fixed number of accounts, each guarded by its own mutex.
///
/// Invariants, whatever the threads do: money is never created or lost (total() stays
/// what it was at construction), and no balance ever goes below zero.
class Bank {
public:
    /// Called by a successful transfer while it still holds both accounts' locks, with
    /// the two balances just after the move. Tests use it to look inside the critical
    /// section; it must not call back into the same accounts (they are locked).
    using Audit = std::function<void(Money from_balance, Money to_balance)>;

    /// Task 1. Opens `accounts` accounts, each holding `initial_balance`.
    /// @param accounts how many accounts the bank has (may be 0).
    /// @param initial_balance the starting balance of every account.
    /// @throws std::invalid_argument if `initial_balance` is negative.
    Bank(std::size_t accounts, Money initial_balance);

    Bank(const Bank&) = delete;             ///< A mutex cannot be copied, so neither can a bank.
    Bank& operator=(const Bank&) = delete;  ///< A mutex cannot be copied, so neither can a bank.

    /// How many accounts there are. Never changes, so it needs no lock.
    std::size_t size() const noexcept { return accounts_.size(); }

    /// Tasks 1–4. Moves `amount` from account `from` to account `to`, all or nothing.
    ///
    /// Returns false, and changes nothing, if `from` holds less than `amount`; the check and
    /// the move happen under the same locks, so two racing transfers can never both spend
    /// the same money. Locks only the two accounts involved, so transfers between other
    /// accounts go on at the same time, and takes the two locks in a fixed order (the lower
    /// account number first, or both at once with std::scoped_lock), so that transfers in
    /// opposite directions never deadlock.
    /// @param from the account the money leaves.
    /// @param to the account the money enters.
    /// @param amount how much, more than zero.
    /// @param audit if set, called once after a successful move, while both locks are held.
    /// @throws std::out_of_range if `from` or `to` is not an account.
    /// @throws std::invalid_argument if `amount` <= 0 or `from` == `to`.
    bool transfer(std::size_t from, std::size_t to, Money amount, const Audit& audit = {});

    /// Task 1. The balance of one account, read under its lock.
    /// @param account the account number, below size().
    /// @throws std::out_of_range if `account` is not an account.
    Money balance(std::size_t account) const;

    /// Task 4. The sum of all balances, as one consistent snapshot: it holds every account's
    /// lock at once (taken in increasing account order, the same order transfers use), so no
    /// transfer can be half done while it adds up.
    Money total() const;

    /// The mutex that guards one account: the lock that transfer(), balance() and total()
    /// take for it. Exposed so that tests (and auditors) can hold an account still.
    /// @param account the account number, below size().
    /// @throws std::out_of_range if `account` is not an account.
    std::mutex& account_mutex(std::size_t account) const { return accounts_.at(account).mutex; }

private:
    /// One account: its balance and the mutex that guards it.
    struct Account {
        mutable std::mutex mutex;  ///< guards `balance`
        Money balance = 0;         ///< in cents; never negative
    };

    std::vector<Account> accounts_;  ///< sized once in the constructor, never resized
};

}  // namespace lab02
