/// @file dangling_reference.cpp
/// @brief The dangling-reference trap: a thread that outlives a local it holds by reference; shown safely, with the fix.
///
/// The buggy program is never run here (dangling_reference_asan runs it, under
/// AddressSanitizer; reading a dead local is undefined
/// behaviour: it may print garbage, crash, or seem to work). Instead this demo shows,
/// deterministically, the fact behind the bug, and then the fixed design:
///   1. a reference is read when the thread reads it, not when the thread starts;
///   2. so a thread that reads a local after its function returned reads a dead object;
///   3. the fix: give the thread its own copy (capture by value), or join before the
///      local goes out of scope.
#include <iostream>
#include <latch>
#include <string>
#include <thread>

namespace {

// THE TRAP (not called anywhere; it compiles without a warning, which is the danger):
//
//   std::thread start_countdown() {
//       int from = 3;                                   // lives in this stack frame
//       return std::thread([&from] { use(from); });     // the thread keeps &from ...
//   }                                                   // ... and the frame dies here
//
// The same happens with t.detach() at the end of a function, or with a pointer argument:
// std::thread(log_line, char_buffer) copies only the pointer, and the conversion to
// std::string happens later, inside the new thread, perhaps after the buffer is gone.

// THE FIX: the lambda owns a copy of `from`, so the thread may outlive this function.
std::thread start_countdown(int from, std::string& out) {
    return std::thread([from, &out] {  // `out` is main's and outlives the thread (main joins)
        for (int i = from; i > 0; --i) out += std::to_string(i) + " ";
        out += "go";
    });
}

}  // namespace

int main() {
    bool ok = true;

    std::cout << "1. A reference sees the variable as it is when the thread reads it.\n";
    int limit = 10;
    std::latch main_has_changed_it{1};
    int seen_by_thread = 0;
    std::thread reader([&] {
        main_has_changed_it.wait();  // wait, so the order is certain and there is no race
        seen_by_thread = limit;
    });
    limit = 20;  // changed after the thread started...
    main_has_changed_it.count_down();
    reader.join();
    std::cout << "  limit was 10 when the thread started; the thread read " << seen_by_thread << "\n";
    ok = ok && seen_by_thread == 20;

    std::cout << "2. So if the variable is gone when the thread reads it, the thread reads a\n"
                 "   dead object: undefined behaviour. This demo does not run that bug; its twin\n"
                 "   dangling_reference_asan does, under AddressSanitizer, which catches it.\n"
                 "   Here, the fixed design:\n";

    std::cout << "3. Capture by value: the thread owns its data and may outlive the function.\n";
    std::string countdown;
    std::thread counter = start_countdown(3, countdown);  // start_countdown has returned...
    counter.join();                                       // ...and the thread was still safe
    std::cout << "  the thread counted: " << countdown << "\n";
    ok = ok && countdown == "3 2 1 go";

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ") << "both results are as explained\n";
    return ok ? 0 : 1;
}
