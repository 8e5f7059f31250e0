// Lab 02, Task 5: write the three member functions below. Their contract is in spinlock.hpp.
// Run the graded tests with `./course test 02 --task 5`, and again with `--tsan`.
#include "spinlock.hpp"

#include "course/not_implemented.hpp"

namespace lab02 {

void SpinLock::lock() {
    throw course::NotImplemented("SpinLock::lock");
}

bool SpinLock::try_lock() {
    throw course::NotImplemented("SpinLock::try_lock");
}

void SpinLock::unlock() {
    throw course::NotImplemented("SpinLock::unlock");
}

}  // namespace lab02
