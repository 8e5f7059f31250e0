"""concurrent.futures: many small tasks submitted to a ThreadPoolExecutor, results collected.

Run by `./course bench`; prints the microseconds per task (submit + run + result()).
usage: futures_example.py WORKERS TASKS
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor


def square(x):
    return x * x


if __name__ == "__main__":
    workers, tasks = int(sys.argv[1]), int(sys.argv[2])
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(square, i) for i in range(tasks)]
        total = sum(future.result() for future in futures)
    elapsed = time.perf_counter() - start
    if total != sum(i * i for i in range(tasks)):
        sys.exit("wrong results")
    print(json.dumps({"us": elapsed * 1e6 / tasks}))
