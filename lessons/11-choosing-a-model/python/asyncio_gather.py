"""asyncio: many coroutines waiting at once on one thread, started with gather.

Run by `./course bench`; prints one JSON line: the time for COUNT waits of 10 ms.
usage: asyncio_gather.py COUNT
"""
import asyncio
import json
import sys
import time


async def wait_a_bit():
    await asyncio.sleep(0.01)


async def main(count):
    await asyncio.gather(*(wait_a_bit() for _ in range(count)))


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(main(int(sys.argv[1])))
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000}))
