"""Threads in Python: they overlap waits, but (with the GIL) not CPU work.

Run by `./course bench`; prints one JSON line of figures in milliseconds.
usage: threading_example.py WORKERS
"""
import json
import math
import sys
import threading
import time


def wait_a_bit():
    time.sleep(0.01)  # stands for a blocking call: the GIL is released while waiting


def partial_sum(first, last, results, index):
    results[index] = sum(math.sqrt(x ** 3) for x in range(first, last))


def on_threads(target, args_list):
    threads = [threading.Thread(target=target, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    workers = int(sys.argv[1])
    n = 1_000_000

    start = time.perf_counter()
    on_threads(wait_a_bit, [()] * 100)
    io_ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    serial = sum(math.sqrt(x ** 3) for x in range(1, n + 1))
    serial_ms = (time.perf_counter() - start) * 1000

    results = [0.0] * workers
    bounds = [1 + n * i // workers for i in range(workers + 1)]
    start = time.perf_counter()
    on_threads(partial_sum, [(bounds[i], bounds[i + 1], results, i) for i in range(workers)])
    threads_ms = (time.perf_counter() - start) * 1000
    if not math.isclose(sum(results), serial, rel_tol=1e-9):
        sys.exit("the threads' sum differs from the serial one")
    print(json.dumps({"io_ms": io_ms, "cpu_serial_ms": serial_ms, "cpu_threads_ms": threads_ms}))


if __name__ == "__main__":
    main()
