"""multiprocessing.Pipe: a message goes to a child process and comes back, many times.

Run by `./course bench`; prints the microseconds per round trip (the child's start excluded).
usage: pipe_example.py ROUND_TRIPS
"""
import json
import multiprocessing
import sys
import time


def echo(connection):
    while (message := connection.recv()) is not None:
        connection.send(message)


if __name__ == "__main__":
    round_trips = int(sys.argv[1])
    mine, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=echo, args=(theirs,))
    child.start()
    mine.send("hello")  # the first round trip waits for the child to start
    mine.recv()
    start = time.perf_counter()
    for i in range(round_trips):
        mine.send(i)
        if mine.recv() != i:
            sys.exit("the echo did not match")
    elapsed = time.perf_counter() - start
    mine.send(None)
    child.join()
    print(json.dumps({"us": elapsed * 1e6 / round_trips}))
