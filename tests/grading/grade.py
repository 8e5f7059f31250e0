#!/usr/bin/env python3
"""The course's grader.

Runs every graded test of one or more GoogleTest binaries in its own process with its
own timeout, so a crash or a hang costs that test only, and explains each result in
words: passed; failed (first assertion message); not implemented yet; timed out
(possible deadlock); crashed (signal name); data race (ThreadSanitizer); ...

Points come from the binaries themselves (`--grading-list`, declared beside each test
with GRADED_TEST). Used by the `course` CLI, and by the course's own check:
  --expect-zero          every test must score nothing and say "not implemented yet"
  --expect-mutant FILE   exactly the tests named in the mutant FILE's
                         "# EXPECT-LOSS: Suite.Test: reason" lines lose points, each for a
                         reason matching its text (see mutate.py)
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

SANITIZER_ENVIRONMENT = {
    "TSAN_OPTIONS": "halt_on_error=1:second_deadlock_stack=1",
    "ASAN_OPTIONS": "halt_on_error=1:detect_leaks=1",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
}


@dataclasses.dataclass
class TestResult:
    binary: str
    name: str          # Suite.Test
    task: int
    points: float
    earned: float = 0.0
    status: str = "failed"   # passed | partial | failed | not-implemented | timeout | crashed | sanitizer | skipped
    reason: str = ""
    output: str = ""

    @property
    def counted(self) -> bool:
        """Skipped tests (a speedup test below 2 cores) count toward neither total."""
        return self.status != "skipped"


@dataclasses.dataclass
class LabResult:
    title: str
    tests: list[TestResult]

    @property
    def earned(self) -> float:
        return sum(t.earned for t in self.tests if t.counted)

    @property
    def possible(self) -> float:
        return sum(t.points for t in self.tests if t.counted)


def rubric(binary: str) -> list[TestResult]:
    """The tests a binary declares, with their task and points."""
    listing = subprocess.run([binary, "--grading-list"], capture_output=True, text=True, timeout=60)
    if listing.returncode != 0:
        raise SystemExit(f"grade: {binary} --grading-list failed:\n{listing.stderr}")
    tests = []
    for line in listing.stdout.splitlines():
        name, task, points = line.split()
        tests.append(TestResult(binary=binary, name=name, task=int(task), points=float(points)))
    return tests


def first_failure(output: str) -> str:
    """GoogleTest's first assertion message, with its file:line shortened."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"(.*?):(\d+): Failure$", line)
        if not match:
            continue
        message = []
        for follow in lines[i + 1:]:
            if follow.startswith("[") or re.match(r".*:\d+: Failure$", follow):
                break
            message.append(follow.strip())
        text = " ".join(part for part in message if part)
        return f"{text} ({Path(match.group(1)).name}:{match.group(2)})"
    return ""


def sanitizer_report(output: str) -> str:
    """A one-line summary of the first sanitizer report, with where it happened."""
    match = re.search(r"(ThreadSanitizer|AddressSanitizer|LeakSanitizer): ([\w\- ]+?)(?: \(|\s+on\b|\s+in\b|$)",
                      output, re.MULTILINE)
    ub = re.search(r"^(\S+:\d+:\d+): runtime error: (.*)$", output, re.MULTILINE)
    if not match and not ub:
        return ""
    if ub and (not match or ub.start() < match.start()):
        return f"undefined behaviour (UBSan): {ub.group(2)} at {Path(ub.group(1)).name}"
    tool, kind = match.group(1), match.group(2).strip()
    names = {"data race": "data race", "lock-order-inversion": "lock-order inversion (possible deadlock)"}
    where = ""
    # A frame reads "#0 lab::Queue<int>::push(int&&) /path/queue.hpp:51 (binary+0x...)": the
    # function's name may hold spaces (templates), so match up to the last " path:line".
    frames = re.findall(r"#\d+ (?:0x[0-9a-f]+ in )?(.+?) (\S+\.(?:cpp|hpp|h|cc|hh|ipp|tcc)):(\d+)",
                        output[match.end():])
    for function, path, line in frames:
        if "/grading/" not in path and "gtest" not in path and not path.startswith("/usr/"):
            where = f" in {function} ({Path(path).name}:{line})"
            break
    return f"{names.get(kind, kind)} ({tool}){where}"


def classify(test: TestResult, returncode: int | None, output: str, timeout: float) -> None:
    test.output = output
    not_implemented = re.search(r"not implemented yet: ([\w:~<>]+)", output)
    if returncode is None:
        test.status, test.reason = "timeout", f"timed out after {timeout:g} s (possible deadlock)"
    elif report := sanitizer_report(output):
        test.status, test.reason = "sanitizer", report
    elif not_implemented:
        test.status, test.reason = "not-implemented", f"not implemented yet ({not_implemented.group(1)})"
    elif returncode < 0:
        name = signal.Signals(-returncode).name
        why = re.search(r"^terminate called (.*)$", output, re.MULTILINE)
        test.status = "crashed"
        test.reason = f"crashed ({name})" + (f": terminate called {why.group(1)}" if why else "")
    elif returncode == 0 and "[  SKIPPED ]" in output and "[  PASSED  ] 0 tests" in output:
        skipped = re.search(r"Skipped\s*\n(.*)", output)
        test.status, test.reason = "skipped", "skipped: " + (skipped.group(1).strip() if skipped else "")
    elif returncode == 0 and "[  PASSED  ] 1 test" in output:
        fraction = re.search(r"^\[grading\] fraction=([\d.]+)(.*)$", output, re.MULTILINE)
        share = float(fraction.group(1)) if fraction else 1.0
        test.earned = round(test.points * share, 2)
        test.status = "passed" if share >= 1.0 else "partial"
        test.reason = "passed" if share >= 1.0 else f"partial credit ({share:.0%})"
        speedup = re.search(r"^\[speedup\] measured (.*)$", output, re.MULTILINE)
        if speedup:
            test.reason += f": {speedup.group(1)}"
    elif returncode != 0 and "[  FAILED  ]" not in output and "[  PASSED  ]" not in output:
        test.status, test.reason = "crashed", f"the test exited with code {returncode} before finishing"
    else:
        test.status, test.reason = "failed", "failed: " + (first_failure(output) or "see the test's output")


def run_test(test: TestResult, timeout: float) -> None:
    environment = {**SANITIZER_ENVIRONMENT, **os.environ}
    command = [test.binary, f"--gtest_filter={test.name}", "--gtest_color=no"]
    # A new session, so that on a timeout every thread and child process goes too.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace", env=environment, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
        classify(test, process.returncode, output, timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        classify(test, None, output, timeout)


def grade(title: str, binaries: list[str], timeout: float, task: int | None = None,
          progress=None) -> LabResult:
    tests = [t for binary in binaries for t in rubric(binary) if task is None or t.task == task]
    for test in tests:
        if progress:
            progress(test)
        run_test(test, timeout)
    return LabResult(title, tests)


# ---- reports --------------------------------------------------------------------

def points(value: float) -> str:
    return f"{value:g}"


def print_table(lab: LabResult, out=sys.stdout, verbose: bool = False) -> None:
    width = max([len(t.name) for t in lab.tests] + [20])
    out.write(f"\n{lab.title}\n")
    out.write(f"  task  {'test':<{width}}  points  result\n")
    for t in lab.tests:
        earned = "-" if not t.counted else points(t.earned)
        out.write(f"  {t.task:>4}  {t.name:<{width}}  {earned:>2} / {points(t.points):<2}  ")
        reason = textwrap.wrap(t.reason, 100) or [""]
        out.write(reason[0] + "\n")
        for more in reason[1:]:
            out.write(" " * (width + 23) + more + "\n")
        if verbose and t.status not in ("passed", "skipped"):
            out.write(textwrap.indent(t.output.strip()[-3000:], "        | ") + "\n")
    out.write(f"  {'':4}  {'total':<{width}}  {points(lab.earned):>2} / {points(lab.possible):<2}\n")


def write_results_json(labs: list[LabResult], path: str) -> None:
    """Gradescope's autograder format."""
    tests = []
    for lab in labs:
        for t in lab.tests:
            if t.counted:
                tests.append({"name": f"{lab.title}: {t.name}", "number": f"{t.task}", "score": t.earned,
                              "max_score": t.points, "status": "passed" if t.earned >= t.points else "failed",
                              "output": t.reason})
    results = {"score": sum(l.earned for l in labs), "max_score": sum(l.possible for l in labs),
               "tests": tests}
    Path(path).write_text(json.dumps(results, indent=2) + "\n")


def write_junit(labs: list[LabResult], path: str) -> None:
    suites = ET.Element("testsuites")
    for lab in labs:
        suite = ET.SubElement(suites, "testsuite", name=lab.title, tests=str(len(lab.tests)),
                              failures=str(sum(t.earned < t.points and t.counted for t in lab.tests)),
                              skipped=str(sum(not t.counted for t in lab.tests)))
        for t in lab.tests:
            case = ET.SubElement(suite, "testcase", classname=lab.title, name=t.name)
            ET.SubElement(case, "properties").append(
                ET.Element("property", name="points", value=f"{points(t.earned)}/{points(t.points)}"))
            if not t.counted:
                ET.SubElement(case, "skipped", message=t.reason)
            elif t.earned < t.points:
                failure = ET.SubElement(case, "failure", message=t.reason)
                failure.text = t.output[-4000:]
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


# ---- the course's own check ------------------------------------------------------

def check_zero(lab: LabResult) -> list[str]:
    problems = []
    for t in lab.tests:
        if t.status not in ("not-implemented", "skipped"):
            problems.append(f"{t.name}: on the untouched stub it should say 'not implemented yet', "
                            f"but: {t.reason}")
    if lab.earned > 0:
        problems.append(f"the untouched stubs earned {points(lab.earned)} points instead of 0")
    return problems


def expected_losses(source: str, kind: str = "EXPECT-LOSS") -> dict[str, str]:
    return dict(re.findall(kind + r":\s*(\S+?):\s*(.+?)\s*$", Path(source).read_text(), re.MULTILINE))


def check_mutant(lab: LabResult, source: str) -> list[str]:
    """EXPECT-LOSS tests must lose points, for a matching reason. MAY-LOSE tests (where the
    bug shows only in some interleavings, e.g. a race ThreadSanitizer may not witness) may
    keep their points, but if they lose them it must be for a matching reason. Every other
    test must keep its points."""
    expected = expected_losses(source)
    maybe = expected_losses(source, "MAY-LOSE")
    if not expected:
        return [f"{source} names no test in an 'EXPECT-LOSS: Suite.Test: reason' line"]
    problems = []
    names = {t.name for t in lab.tests}
    problems += [f"{name}: named in the mutant but no such test" for name in {**expected, **maybe} if name not in names]
    for t in lab.tests:
        if t.name in maybe and t.earned < t.points and not re.search(maybe[t.name], t.reason, re.IGNORECASE):
            problems.append(f"{t.name}: lost its points, but for '{t.reason}', "
                            f"not for a reason matching '{maybe[t.name]}'")
        elif t.name in maybe:
            continue
        elif t.name in expected:
            if t.earned >= t.points:
                problems.append(f"{t.name}: should lose points on this mutant, but {t.reason}")
            elif not re.search(expected[t.name], t.reason, re.IGNORECASE):
                problems.append(f"{t.name}: lost its points, but for '{t.reason}', "
                                f"not for a reason matching '{expected[t.name]}'")
        elif t.earned < t.points and t.counted:
            problems.append(f"{t.name}: should keep its points on this mutant, but {t.reason}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binaries", nargs="+", help="graded GoogleTest binaries")
    parser.add_argument("--title", default="", help="the heading of the table")
    parser.add_argument("--timeout", type=float, default=10, help="seconds per test (default 10)")
    parser.add_argument("--task", type=int, help="only this task's tests")
    parser.add_argument("--quiet", action="store_true", help="print no progress")
    parser.add_argument("--verbose", action="store_true", help="show the output of every test that lost points")
    parser.add_argument("--results-json", metavar="FILE", help="write Gradescope's results.json")
    parser.add_argument("--junit", metavar="FILE", help="write JUnit XML")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--expect-zero", action="store_true", help="check that every test is 'not implemented yet'")
    mode.add_argument("--expect-mutant", metavar="FILE", help="check the losses its EXPECT-LOSS lines name")
    args = parser.parse_args(argv)

    title = args.title or Path(args.binaries[0]).parent.name
    progress = None if args.quiet else (lambda t: print(f"  running {t.name} ...", file=sys.stderr))
    lab = grade(title, args.binaries, args.timeout, args.task, progress)
    print_table(lab, verbose=args.verbose)
    if args.results_json:
        write_results_json([lab], args.results_json)
    if args.junit:
        write_junit([lab], args.junit)

    problems = []
    if args.expect_zero:
        problems = check_zero(lab)
    elif args.expect_mutant:
        problems = check_mutant(lab, args.expect_mutant)
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    if problems:
        for t in lab.tests:
            if t.output:
                print(f"\n--- output of {t.name} ---\n{t.output.strip()[-2000:]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
