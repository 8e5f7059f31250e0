"""A sum split into chunks, one per worker process, against one plain sum().

sum() over a list of ints runs in C and is fast; the pool must first pickle every chunk
to its worker, which costs more than summing it. Run by `./course bench`.
usage: chunked_sum.py WORKERS
"""
import json
import multiprocessing
import sys
import time

if __name__ == "__main__":
    workers = int(sys.argv[1])
    data = list(range(1, 1_000_000))
    size = -(-len(data) // workers)  # ceiling division: every item lands in some chunk
    chunks = [data[i:i + size] for i in range(0, len(data), size)]

    start = time.perf_counter()
    serial = sum(data)
    serial_ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        total = sum(pool.map(sum, chunks))
    pool_ms = (time.perf_counter() - start) * 1000
    if total != serial:
        sys.exit(f"the chunked sum is {total}, not {serial}")
    print(json.dumps({"serial_ms": serial_ms, "pool_ms": pool_ms}))
