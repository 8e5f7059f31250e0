/// @file shared_memory.cpp
/// @brief Memory a child's writes reach: private memory (no), mmap MAP_SHARED|MAP_ANONYMOUS (yes), shm_open by name (yes).
///
/// After fork() the child has a copy of the parent's memory: its writes change its copy
/// only. A mapping made with MAP_SHARED before fork() is the same physical memory in
/// both. shm_open() gives shared memory a name (a file in /dev/shm on Linux), so even
/// unrelated processes can map it; shm_unlink() removes the name, as unlink() does a file.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace {

// Forks a child that stores `value` at `where`, and waits for it.
void child_writes(long* where, long value) {
    const pid_t pid = fork();
    if (pid == 0) {
        *where = value;
        _exit(0);
    }
    waitpid(pid, nullptr, 0);
}

bool name_exists(const std::string& name) { return access(("/dev/shm" + name).c_str(), F_OK) == 0; }

}  // namespace

int main() {
    long private_value = 1;
    child_writes(&private_value, 42);
    std::printf("1. ordinary memory:      the child wrote 42, the parent reads %ld (the child changed its own copy)\n",
                private_value);

    void* anonymous = mmap(nullptr, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (anonymous == MAP_FAILED) return 1;
    auto* shared_value = static_cast<long*>(anonymous);
    *shared_value = 1;
    child_writes(shared_value, 42);
    const long anonymous_value = *shared_value;
    std::printf("2. mmap MAP_SHARED|MAP_ANONYMOUS before fork: the parent reads %ld\n", anonymous_value);
    munmap(anonymous, sizeof(long));

    const std::string name = "/course07-shared-memory-" + std::to_string(getpid());  // unique per run
    const int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0 || ftruncate(fd, sizeof(long)) != 0) return 1;
    const bool listed = name_exists(name);
    const pid_t pid = fork();
    if (pid == 0) {  // the child opens the memory by its name, as an unrelated process could
        const int child_fd = shm_open(name.c_str(), O_RDWR, 0);
        void* memory = mmap(nullptr, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED, child_fd, 0);
        if (memory == MAP_FAILED) _exit(1);
        *static_cast<long*>(memory) = 42;
        _exit(0);
    }
    waitpid(pid, nullptr, 0);
    void* named = mmap(nullptr, sizeof(long), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (named == MAP_FAILED) return 1;
    const long named_value = *static_cast<long*>(named);
    std::printf("3. shm_open(\"%s\"): the parent reads %ld\n", name.c_str(), named_value);
    shm_unlink(name.c_str());  // the name goes now; the memory stays until the last unmap
    close(fd);
    munmap(named, sizeof(long));
    std::printf("   /dev/shm%s existed: %s; after shm_unlink: %s\n", name.c_str(), listed ? "yes" : "no",
                name_exists(name) ? "still there" : "gone");

    const bool ok = private_value == 1 && anonymous_value == 42 && named_value == 42 && listed && !name_exists(name);
    std::printf("%s\n", ok ? "check passed: only shared mappings carry a child's writes back; the name was cleaned up"
                           : "CHECK FAILED");
    return ok ? 0 : 1;
}
