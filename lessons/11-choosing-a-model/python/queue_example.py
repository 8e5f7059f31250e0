"""multiprocessing.Queue: a child process sends many small messages to its parent.

Run by `./course bench`; prints the microseconds per message (the child's start included).
usage: queue_example.py COUNT
"""
import json
import multiprocessing
import sys
import time


def produce(queue, count):
    for i in range(count):
        queue.put(("item", i))


if __name__ == "__main__":
    count = int(sys.argv[1])
    queue = multiprocessing.Queue()
    start = time.perf_counter()
    child = multiprocessing.Process(target=produce, args=(queue, count))
    child.start()
    received = [queue.get() for _ in range(count)]
    elapsed = time.perf_counter() - start
    child.join()
    if received[-1] != ("item", count - 1):
        sys.exit("the messages arrived out of order")
    print(json.dumps({"us": elapsed * 1e6 / count}))
