"""multiprocessing.Lock: processes take turns on a shared counter.

Run by `./course bench`; prints the microseconds per locked increment (the processes'
start excluded: they all wait at a barrier first) and checks the final count.
usage: lock_example.py PROCESSES INCREMENTS
"""
import json
import multiprocessing
import sys
import time


def add(counter, lock, barrier, increments):
    barrier.wait()
    for _ in range(increments):
        with lock:
            counter.value += 1  # a read, then a write: without the lock, updates get lost


if __name__ == "__main__":
    processes, increments = int(sys.argv[1]), int(sys.argv[2])
    counter = multiprocessing.Value("q", 0, lock=False)
    lock = multiprocessing.Lock()
    barrier = multiprocessing.Barrier(processes + 1)
    children = [multiprocessing.Process(target=add, args=(counter, lock, barrier, increments))
                for _ in range(processes)]
    for child in children:
        child.start()
    barrier.wait()
    start = time.perf_counter()
    for child in children:
        child.join()
    elapsed = time.perf_counter() - start
    if counter.value != processes * increments:
        sys.exit(f"the counter is {counter.value}, not {processes * increments}")
    print(json.dumps({"us": elapsed * 1e6 / (processes * increments)}))
