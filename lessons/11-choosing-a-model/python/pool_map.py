"""Pool.map of sqrt(x**3) over a million numbers, against a plain loop.

The work per item is tiny, so sending items to the workers and results back (pickling
through pipes) costs more than the work: Pool.map is usually SLOWER than the loop.
Run by `./course bench`; prints one JSON line of figures in milliseconds.
usage: pool_map.py WORKERS
"""
import json
import math
import multiprocessing
import sys
import time


def cube_root_work(x):
    return math.sqrt(x ** 3)


if __name__ == "__main__":
    workers = int(sys.argv[1])
    numbers = range(1, 1_000_000)

    start = time.perf_counter()
    serial = [cube_root_work(x) for x in numbers]
    serial_ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:  # the pool's start and stop are part of the cost
        parallel = pool.map(cube_root_work, numbers)
    pool_ms = (time.perf_counter() - start) * 1000
    if parallel != serial:
        sys.exit("Pool.map returned other values than the loop")
    print(json.dumps({"serial_ms": serial_ms, "pool_ms": pool_ms}))
