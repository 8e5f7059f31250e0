// Lab 02, reference solution: one mutex per account, always taken in increasing
// account order, and the balance check made under the same locks as the move.
#include "bank.hpp"

#include <algorithm>
#include <stdexcept>

namespace lab02 {

Bank::Bank(std::size_t accounts, Money initial_balance) : accounts_(accounts) {
    if (initial_balance < 0) throw std::invalid_argument("Bank: the initial balance cannot be negative");
    // No other thread can see the bank before its constructor returns, so no lock yet.
    for (Account& account : accounts_) account.balance = initial_balance;
}

bool Bank::transfer(std::size_t from, std::size_t to, Money amount, const Audit& audit) {
    // Check the arguments before taking any lock. from == to would lock one mutex
    // twice from the same thread: undefined behaviour, in practice a self-deadlock.
    if (from >= size() || to >= size()) throw std::out_of_range("transfer: no such account");
    if (from == to) throw std::invalid_argument("transfer: from and to are the same account");
    if (amount <= 0) throw std::invalid_argument("transfer: the amount must be positive");

    // One global order for every thread: the lower account number first. Two opposite
    // transfers then both start with the same mutex, so neither can hold one lock while
    // waiting for the other's: the cycle a deadlock needs cannot form.
    // (std::scoped_lock(a, b) also avoids the deadlock, by backing off and retrying; a
    // fixed order is what total(), which locks every account, needs anyway.)
    Account& source = accounts_[from];
    Account& target = accounts_[to];
    std::unique_lock first(accounts_[std::min(from, to)].mutex);
    std::unique_lock second(accounts_[std::max(from, to)].mutex);

    // Check and act under the same locks: between a check made earlier and the move,
    // another thread could have spent the same money.
    if (source.balance < amount) return false;
    source.balance -= amount;
    target.balance += amount;
    if (audit) audit(source.balance, target.balance);
    return true;
}  // both unique_locks unlock here, in reverse order, even if audit throws

Money Bank::balance(std::size_t account) const {
    const Account& it = accounts_.at(account);
    std::lock_guard lock(it.mutex);
    return it.balance;
}

Money Bank::total() const {
    // Hold every lock at once, so that no transfer is caught between taking money out of
    // one account and putting it into the other. Taken in the same increasing order as
    // transfer() takes them, so total() cannot deadlock with a transfer either.
    std::vector<std::unique_lock<std::mutex>> locks;
    locks.reserve(accounts_.size());
    for (const Account& account : accounts_) locks.emplace_back(account.mutex);

    Money sum = 0;
    for (const Account& account : accounts_) sum += account.balance;
    return sum;
}

}  // namespace lab02
