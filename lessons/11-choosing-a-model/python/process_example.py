"""multiprocessing.Process: starting and joining processes one after another.

Run by `./course bench`; prints the milliseconds per process and the start method
(fork on Linux up to Python 3.13; 3.14 defaults to forkserver).
usage: process_example.py COUNT
"""
import json
import multiprocessing
import sys
import time


def work():
    pass


if __name__ == "__main__":
    count = int(sys.argv[1])
    start = time.perf_counter()
    for _ in range(count):
        process = multiprocessing.Process(target=work)
        process.start()
        process.join()
    per_process = (time.perf_counter() - start) * 1000 / count
    print(json.dumps({"ms": per_process, "method": multiprocessing.get_start_method()}))
