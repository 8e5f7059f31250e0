"""gevent: greenlets that each wait 10 ms, with time.sleep monkey-patched to yield.

Run by `./course bench`; prints the milliseconds for COUNT waits.
usage: gevent_example.py COUNT
"""
import json
import sys

try:
    from gevent import monkey
    monkey.patch_all()  # before anything else imports time or socket
    import gevent
except ImportError:
    sys.exit("gevent is not installed for this Python (Debian: python3-gevent)")

import time  # noqa: E402  (patched: time.sleep now lets the other greenlets run)


def wait_a_bit():
    time.sleep(0.01)


if __name__ == "__main__":
    start = time.perf_counter()
    gevent.joinall([gevent.spawn(wait_a_bit) for _ in range(int(sys.argv[1]))])
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000}))
