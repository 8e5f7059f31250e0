#!/usr/bin/env python3
"""Runs a demo with `--svg PICTURE` for the docs site, quietly unless it fails.

    run_demo.py DEMO_BINARY PICTURE
"""
import subprocess
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: run_demo.py DEMO_BINARY PICTURE", file=sys.stderr)
        return 2
    demo, picture = argv[1], Path(argv[2])
    picture.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([demo, "--svg", str(picture)], capture_output=True, text=True, timeout=60)
    if run.returncode != 0 or not picture.exists():
        sys.stderr.write(run.stdout + run.stderr)
        print(f"run_demo.py: {demo} --svg {picture} failed (exit code {run.returncode}); "
              "a demo with a timeline marker in its README must accept --svg FILE", file=sys.stderr)
        picture.unlink(missing_ok=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
