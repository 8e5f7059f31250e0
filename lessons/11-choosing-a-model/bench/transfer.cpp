/// @file transfer.cpp
/// @brief Data transfer: 1, 16 and 256 MiB to another thread (a pointer), process (pipe, shared memory) and MPI rank.
///
/// Each figure runs from the sender's first action to the receiver's 1-byte answer
/// that it has everything; the receiver is started before the clock.
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <future>
#include <thread>
#include <vector>

#include "bench.hpp"
#include "course/timing.hpp"

namespace bench {
namespace {

constexpr std::size_t MiB = 1 << 20;
constexpr std::size_t piece = 64 * 1024;  // the pipe's own capacity on Linux

std::vector<char> payload(std::size_t size) { return std::vector<char>(size, 'd'); }  // touched: no page faults timed

double to_thread(std::size_t size) {
    auto data = payload(size);
    std::promise<const char*> sent;
    std::promise<char> received;
    auto answer = received.get_future();
    std::thread receiver([&, parcel = sent.get_future()]() mutable {
        const char* pointer = parcel.get();
        received.set_value(pointer[size - 1]);  // the receiver can read every byte at once
    });
    const double ms = course::time_ms([&] {
        sent.set_value(data.data());
        course::keep(answer.get());
    });
    receiver.join();
    return ms;
}

double through_pipe(std::size_t size) {
    auto data = payload(size);
    int there[2], back[2];
    if (pipe(there) != 0 || pipe(back) != 0) throw Skip("pipe() failed");
    const int pid = fork_child([&] {
        close(there[1]), close(back[0]);
        std::vector<char> buffer(piece);
        std::size_t left = size;
        while (left > 0) {
            const ssize_t got = read(there[0], buffer.data(), std::min(left, piece));
            if (got <= 0) return 1;
            left -= static_cast<std::size_t>(got);
        }
        return write_all(back[1], "k", 1) ? 0 : 1;
    });
    close(there[0]), close(back[1]);
    bool ok = true;
    const double ms = course::time_ms([&] {
        char ack = 0;
        for (std::size_t at = 0; at < size && ok; at += piece) ok = write_all(there[1], data.data() + at, std::min(piece, size - at));
        ok = ok && read_all(back[0], &ack, 1);
    });
    close(there[1]), close(back[0]);
    reap(pid, "pipe transfer");
    if (!ok) throw Skip("the pipe transfer broke off");
    return ms;
}

double through_shared_memory(std::size_t size) {
    auto data = payload(size);
    void* mapped = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED) throw Skip("mmap(MAP_SHARED) failed");
    char* shared = static_cast<char*>(mapped);
    std::memset(shared, 1, size);  // both processes map these pages before the clock starts
    int there[2], back[2];
    if (pipe(there) != 0 || pipe(back) != 0) throw Skip("pipe() failed");
    const int pid = fork_child([&] {
        close(there[1]), close(back[0]);
        char note = 0;
        if (!read_all(there[0], &note, 1)) return 1;
        const char last = shared[size - 1];  // the data is already here: nothing to copy
        return write_all(back[1], &last, 1) ? 0 : 1;
    });
    close(there[0]), close(back[1]);
    bool ok = true;
    char last = 0;
    const double ms = course::time_ms([&] {
        std::memcpy(shared, data.data(), size);
        ok = write_all(there[1], "n", 1) && read_all(back[0], &last, 1);
    });
    close(there[1]), close(back[0]);
    reap(pid, "shared-memory transfer");
    munmap(mapped, size);
    if (!ok || last != 'd') throw Skip("the shared-memory transfer broke off");
    return ms;
}

}  // namespace

void add_transfer(Registry& registry) {
    const Settings& settings = registry.settings();
    const int sizes[] = {1, 16, 256};
    auto mpi = std::make_shared<Group>();
    for (int mib : sizes) {
        const std::size_t size = static_cast<std::size_t>(mib) * MiB;
        const std::string tag = std::to_string(mib);
        registry.add("transfer.thread." + tag, tag + " MiB to a thread (hand over a pointer)", "ms", 3, [=](Row& row) {
            row.note = "nothing is copied: the time does not depend on the size";
            return to_thread(size);
        });  // no .bytes: a rate in GB/s would mean nothing when nothing moves
        registry.add("transfer.pipe." + tag, tag + " MiB to a process through a pipe", "ms", 3, [=](Row& row) {
            row.note = "64 KiB writes; the child reads into a 64 KiB buffer";
            return through_pipe(size);
        }).bytes = static_cast<double>(size);
        registry.add("transfer.shm." + tag, tag + " MiB to a process through shared memory", "ms", 3, [=](Row& row) {
            row.note = "one memcpy into a MAP_SHARED mapping + a 1-byte notice over a pipe";
            return through_shared_memory(size);
        }).bytes = static_cast<double>(size);
        registry.add("transfer.mpi." + tag, tag + " MiB to another MPI rank", "ms", 3, [=](Row& row) {
            if (settings.mpiexec.empty()) throw Skip("mpiexec not found (Debian: openmpi-bin)");
            row.note = "MPI_Send to rank 1, timed on rank 0 up to its 1-byte answer";
            if (mib == sizes[0]) {  // one mpiexec per round measures every size
                mpi->fill([&] {
                    return parse_figures(run_program({settings.mpiexec, "-n", "2", "--oversubscribe", settings.helper,
                                                      "mpi-transfer", "1", "16", "256"}));
                });
            }
            return mpi->get("ms_" + tag);
        }).bytes = static_cast<double>(size);
    }
}

}  // namespace bench
