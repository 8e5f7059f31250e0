#!/usr/bin/env python3
"""The instructor's Gradescope zip, tested end to end as Gradescope runs it.

Builds the zip for labs 00-02, unpacks it into a scratch folder laid out like
/autograder (source/, submission/, results/), submits
  - lab 00: the reference solution (must earn full marks, through the student's path),
  - lab 01: a solution with a syntax error (must score 0: "does not compile: …:LINE"),
  - lab 02: a solution that defines a function of the grading library, to fake it
    (must fail to link, so score 0, and not stop the other labs),
runs run_autograder and checks results.json. Used by the course's check
(grading.gradescope_autograder); about a minute on 2 cores beside the other tests.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="autograder-") as scratch:
        root = Path(scratch)
        kit = root / "kit.zip"
        subprocess.run([str(ROOT / "course"), "instructor", "gradescope", "00", "01", "02", "--output", str(kit)],
                       check=True)
        source = root / "source"
        with zipfile.ZipFile(kit) as archive:
            names = archive.namelist()
            assert "setup.sh" in names and "run_autograder" in names, names
            archive.extractall(source)
        for member in ("run_autograder", "setup.sh", "course"):
            (source / member).chmod(0o755)
        shutil.copy(source / "run_autograder", root / "run_autograder")

        submission = root / "submission"
        for folder in ("00-concurrency-vs-parallelism", "01-threads", "02-locks"):
            shutil.copytree(ROOT / "solutions" / folder, submission / "labs" / folder)
        broken = submission / "labs" / "01-threads" / "parallel.cpp"
        broken.write_text(broken.read_text() + "\nthis line is not C++\n")
        shadow = submission / "labs" / "02-locks" / "bank.cpp"
        shadow.write_text(shadow.read_text() + "\nnamespace grading {\nstruct SpeedupGoal;\n"
                          "unsigned speedup_threads(const SpeedupGoal&) { return 64; }\n}\n")

        environment = {**os.environ, "AUTOGRADER_ROOT": str(root)}
        subprocess.run([str(root / "run_autograder")], env=environment, cwd=root, timeout=1200)
        results = json.loads((root / "results" / "results.json").read_text())

    problems = []
    by_lab: dict[str, list[dict]] = {}
    for test in results["tests"]:
        if test["number"].endswith(".answers"):  # the written question: shown, never scored
            continue
        by_lab.setdefault(test["number"].split(".")[0], []).append(test)
        missing = {"name", "score", "max_score", "output", "visibility"} - set(test)
        if missing:
            problems.append(f"{test['name']}: no {missing}")
    if not all(t["score"] == t["max_score"] for t in by_lab.get("00", [None])):
        problems.append(f"lab 00 (the solution) did not earn full marks: {by_lab.get('00')}")
    for lab, expected in (("01", "does not compile: labs/01-threads/parallel.cpp:"),
                          ("02", "does not compile: ")):
        tests = by_lab.get(lab, [])
        if not tests or any(t["score"] != 0 or expected not in t["output"] for t in tests):
            problems.append(f"lab {lab} should score 0 with '{expected}…': {tests[:2]}")
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    print(json.dumps({k: [(t['score'], t['max_score'], t['output'][:90]) for t in v[:2]] for k, v in by_lab.items()},
                     indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
