/// @file passing_arguments.cpp
/// @brief How std::thread passes arguments: copied by default, std::ref to share, std::move for move-only.
///
/// std::thread copies (or moves) every argument into storage the new thread owns, and
/// calls the function with those copies. That is safe by default: the thread never
/// depends on the caller's variables. Sharing has to be asked for, with std::ref.
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

// Takes its argument by value: it gets its own copy.
void shout(std::string text) {
    text += "!";
    std::cout << "  thread changed its copy to \"" << text << "\"\n";
}

// Takes a reference: the caller's variable itself is changed. Only main and this one
// thread use `total`, and main reads it after join, so there is no data race.
void add_up(const std::vector<int>& values, long& total) {
    for (int v : values) total += v;
}

// Takes ownership of a buffer nobody else may hold (a unique_ptr cannot be copied).
std::size_t consume(std::unique_ptr<std::vector<int>> buffer) { return buffer->size(); }

}  // namespace

int main() {
    bool ok = true;

    std::cout << "1. By value: the thread works on a copy.\n";
    std::string word = "hello";
    std::thread copier(shout, word);
    copier.join();
    std::cout << "  main's word is still \"" << word << "\"\n";
    ok = ok && word == "hello";

    std::cout << "2. By reference: say so with std::ref (and std::cref for const).\n";
    const std::vector<int> values{1, 2, 3, 4};
    long total = 0;
    // std::thread adder(add_up, values, total);   // does not compile: a copy of `total`
    //                                             // cannot bind to long&, which is the point
    std::thread adder(add_up, std::cref(values), std::ref(total));
    adder.join();  // read `total` only after join: until then the thread may be writing it
    std::cout << "  main's total is " << total << " (1+2+3+4)\n";
    ok = ok && total == 10;

    std::cout << "3. Move-only arguments: std::move them in; main gives them up.\n";
    auto buffer = std::make_unique<std::vector<int>>(1000, 7);
    std::size_t consumed = 0;
    std::thread owner([&consumed](std::unique_ptr<std::vector<int>> b) { consumed = consume(std::move(b)); },
                      std::move(buffer));
    owner.join();
    std::cout << "  the thread consumed " << consumed << " values; main's pointer is now "
              << (buffer ? "still set" : "empty") << "\n";
    ok = ok && consumed == 1000 && !buffer;

    std::cout << "4. A std::thread is itself move-only: it can be returned or put in a vector.\n";
    std::vector<std::thread> crew;
    std::thread solo([] {});
    crew.push_back(std::move(solo));  // `solo` no longer owns a thread
    std::cout << "  after the move, solo.joinable() = " << std::boolalpha << solo.joinable()
              << ", crew[0].joinable() = " << crew[0].joinable() << "\n";
    ok = ok && !solo.joinable() && crew[0].joinable();
    for (auto& t : crew) t.join();

    std::cout << (ok ? "check passed: " : "CHECK FAILED: ") << "every argument arrived as described\n";
    return ok ? 0 : 1;
}
