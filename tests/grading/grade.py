#!/usr/bin/env python3
"""The course's grader.

Grades a lab's GoogleTest binaries test by test, each test in its own contained process
(sandbox.py) with its own time limit, and explains each result in words: passed; failed
(the test's own sentence, then the details); not implemented yet; timed out (possible
deadlock); crashed (signal name); exited early; data race (ThreadSanitizer); ...

What it trusts, and what it does not:
  - the rubric (tests, tasks, points) comes from the GRADED_TEST lines of the course's
    own test sources, never from the compiled binary, which links the student's code;
  - a verdict comes from GoogleTest's JSON report, written to a private folder, whose
    tests must carry the per-run secret that the grading main() records when a test
    ends (tests/grading/src/grading_main.cpp); what a test prints is only used to
    explain a loss, never to award a point;
  - partial credit comes from the JSON property `grading_fraction`, clamped to [0, 1],
    and only for speedup tests; a skip counts only for a speedup test the harness
    itself skipped (fewer than 2 cores).

A lab is described by a JSON "spec" (one entry of build/<preset>/course-manifest.json,
or a file the build writes for the course's own check):
  {"lab": "01", "title": "...", "binaries": [{"path": ..., "kind": "tests"|"speedup",
   "timeout": 10, "sources": [...], "sanitizer": "", "environment": {...},
   "launcher": [...], "ranks": [...]}]}

The course's own check uses three modes:
  --expect-full          every test earns full marks (the solutions)
  --expect-zero          every test scores nothing and says "not implemented yet" (the stubs)
  --expect-mutant FILE   exactly the tests named in the mutant FILE's
                         "# EXPECT-LOSS: Suite.Test: reason" lines lose points, each for a
                         reason matching its text (see mutate.py)
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import math
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sandbox  # noqa: E402

SANITIZER_ENVIRONMENT = {
    "TSAN_OPTIONS": "halt_on_error=1:second_deadlock_stack=1",
    "ASAN_OPTIONS": "halt_on_error=1:detect_leaks=1",
    "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
}
GRADED_TEST_LINE = re.compile(r"^\s*GRADED_TEST\(\s*(\w+)\s*,\s*(\w+)\s*,\s*(\d+)\s*,\s*([\d.]+)\s*\)", re.MULTILINE)


@dataclasses.dataclass
class TestResult:
    name: str          # Suite.Test
    task: int
    points: float
    binary: dict = dataclasses.field(default_factory=dict, repr=False)
    earned: float = 0.0
    status: str = "failed"   # passed | partial | failed | not-implemented | timeout | crashed | sanitizer | skipped | build
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
    notes: list[str] = dataclasses.field(default_factory=list)
    lab: str = ""
    interrupted: bool = False   # Ctrl-C or SIGTERM stopped the grading part way
    written: str = ""           # the lab's written answer (ANSWERS.md): shown, never scored

    @property
    def earned(self) -> float:
        return round(sum(t.earned for t in self.tests if t.counted), 2)

    @property
    def possible(self) -> float:
        return sum(t.points for t in self.tests if t.counted)


# ---- the rubric: from the course's sources ------------------------------------------

def rubric(spec: dict, task: int | None = None) -> list[TestResult]:
    """The graded tests of a lab, read from the GRADED_TEST lines of its test sources."""
    tests = []
    for binary in spec["binaries"]:
        for source in binary["sources"]:
            for suite, name, task_text, points in GRADED_TEST_LINE.findall(Path(source).read_text()):
                if task is None or int(task_text) == task:
                    tests.append(TestResult(f"{suite}.{name}", int(task_text), float(points), binary))
    return tests


def tasks_of(spec: dict) -> list[int]:
    return sorted({t.task for t in rubric(spec)})


# ---- explaining a result ------------------------------------------------------------

GTEST_DETAIL = re.compile(r"^(\s{2}|Expected|Value of:|Actual:|Which is:|The difference between|.* evaluates to |"
                          r"Failed$|With diff:|Google Test trace:|Expected equality|Mock function)")


def condensed(lines: list[str]) -> str:
    """GoogleTest's comparison details on one readable line: its EXPECT_EQ block
    ("Expected equality of these values:", each side, "Which is: value") becomes
    "a == b is false: a is 1"; its EXPECT_TRUE block ("Value of: x", "Actual: false",
    "Expected: true") becomes "x is false, expected true". Other details are joined."""
    text = [line.rstrip() for line in lines if line.strip() and line.strip() != "Failed"]
    if text and text[0].strip() == "Expected equality of these values:":
        sides: list[list[str]] = []
        for line in text[1:]:
            value = re.match(r"^\s+Which is: (.*)$", line)
            if value and sides:
                sides[-1].append(value.group(1))
            elif line.startswith("  ") and not line.startswith("    "):
                sides.append([line.strip()])
            else:
                break
        if len(sides) == 2:
            values = [f"{side[0]} is {side[1]}" for side in sides if len(side) > 1]
            return f"{sides[0][0]} == {sides[1][0]} is false" + (": " + ", ".join(values) if values else "")
    if len(text) >= 3 and text[0].startswith("Value of: ") and text[1].strip().startswith("Actual: ") \
            and text[2].startswith("Expected: "):
        return (f"{text[0][len('Value of: '):].strip()} is {text[1].strip()[len('Actual: '):]}, "
                f"expected {text[2][len('Expected: '):].strip()}")
    return " ".join(part.strip() for part in text)


def explain_failure(failure: str) -> str:
    """GoogleTest's failure text as "<the test's sentence> — <details> (file:line)"."""
    lines = failure.splitlines()
    where = ""
    if lines and re.match(r"^\S+:\d+$", lines[0]):
        path, line = lines[0].rsplit(":", 1)
        where = f" ({Path(path).name}:{line})"
        lines = lines[1:]
    split = len(lines)
    while split > 0 and not GTEST_DETAIL.match(lines[split - 1]):
        split -= 1
    details = condensed(lines[:split])
    sentence = " ".join(part.strip() for part in lines[split:] if part.strip())
    if sentence and details:
        return f"{sentence} — {textwrap.shorten(details, 160)}{where}"
    return f"{sentence or details or 'see the output'}{where}"


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


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        if signal.SIGRTMIN <= number <= signal.SIGRTMAX:
            return f"SIGRTMIN+{number - signal.SIGRTMIN}"
        return f"signal {number}"


def sealed_result(report: Path, name: str, secret: str) -> dict | None:
    """The test's entry in a GoogleTest JSON report, if the report is there, parses, and
    the entry carries this run's secret."""
    try:
        data = json.loads(report.read_text())
    except (OSError, ValueError):
        return None
    suite, test = name.split(".", 1)
    for group in data.get("testsuites", []):
        if group.get("name") != suite:
            continue
        for entry in group.get("testsuite", []):
            if entry.get("name") == test and entry.get("grading_secret") == secret:
                return entry
    return None


def fraction_of(entry: dict) -> float:
    try:
        value = float(entry.get("grading_fraction", "1"))
    except ValueError:
        return 0.0
    return 0.0 if math.isnan(value) else min(max(value, 0.0), 1.0)


def judge(test: TestResult, outcome: sandbox.Outcome, entries: list[dict | None], timeout: float,
          ranks_text: str = "") -> None:
    """Sets the test's status, reason and points from what ran (never from what it printed)."""
    output = outcome.output
    test.output = output
    test.earned, test.status = 0.0, "failed"  # each rank count is judged afresh
    not_implemented = re.search(r"not implemented yet: ([\w:~<>]+)", output)
    speedup = test.binary.get("kind") == "speedup"
    if outcome.killed_because == "timeout":
        test.status, test.reason = "timeout", f"timed out after {timeout:g} s (possible deadlock or endless loop)"
    elif outcome.killed_because == "processes":
        test.status, test.reason = "crashed", f"started more than {sandbox.PROCESS_CAP} processes at once; all were killed"
    elif outcome.killed_because == "memory":
        test.status, test.reason = "crashed", f"used more than {sandbox.MEMORY_CAP >> 30} GiB of memory; it was killed"
    elif test.binary.get("require_output") and test.binary["require_output"] not in output:
        test.status = "failed"
        test.reason = f"the checker did not start (no \"{test.binary['require_output']}\" in the output)"
    elif report := sanitizer_report(output):
        test.status, test.reason = "sanitizer", report
    elif not_implemented:
        test.status, test.reason = "not-implemented", f"not implemented yet ({not_implemented.group(1)})"
    elif all(entries) and outcome.returncode == 0 or all(entries) and outcome.returncode == 1:
        failures = [f["failure"] for e in entries for f in e.get("failures", [])]
        results = {e.get("result") for e in entries}
        if failures:
            test.status, test.reason = "failed", "failed: " + explain_failure(failures[0])
        elif results == {"SKIPPED"} and speedup and all(e.get("grading_skip") == "1" for e in entries):
            skip = re.search(r"Skipped\s*\n(.*)", output)
            test.status, test.reason = "skipped", "skipped: " + (skip.group(1).strip() if skip else "too few cores")
        elif results != {"COMPLETED"}:
            test.status, test.reason = "failed", "failed: the test skipped itself, which only the speedup harness may do"
        else:
            share = fraction_of(entries[0]) if speedup else 1.0
            test.earned = round(test.points * share, 2)
            test.status = "passed" if share >= 1.0 else "partial"
            test.reason = "passed" if share >= 1.0 else f"partial credit ({share:.0%})"
            if speedup and entries[0].get("grading_report"):
                test.reason += f": {entries[0]['grading_report']}"
    elif outcome.returncode is not None and outcome.returncode < 0:
        name = signal_name(-outcome.returncode)
        why = re.search(r"^terminate called (.*)$", output, re.MULTILINE)
        test.status = "crashed"
        test.reason = f"crashed ({name})" + (f": terminate called {why.group(1)}" if why else "")
    else:
        test.status = "crashed"
        test.reason = f"exited early (code {outcome.returncode}) before the test finished"
    if ranks_text and test.status != "passed":
        test.reason = f"with {ranks_text}: {test.reason}"
    if outcome.output_cut:
        test.reason += f"; printed more than {sandbox.OUTPUT_CAP >> 20} MiB (cut)"
    if outcome.leftovers:
        test.reason += ("; left 1 process running; it was killed" if outcome.leftovers == 1 else
                        f"; left {outcome.leftovers} processes running; they were killed")


def run_test(test: TestResult, scratch: Path) -> None:
    """Runs one graded test, contained, once per rank count for an MPI lab."""
    binary = test.binary
    timeout = float(binary.get("timeout", 10))
    ranks = binary.get("ranks") or [None]
    for count in ranks:
        secret = secrets.token_hex(16)
        folder = Path(tempfile.mkdtemp(prefix="test-", dir=scratch))  # mode 0700
        report = folder / "report.json"
        environment = {**SANITIZER_ENVIRONMENT, **os.environ, **binary.get("environment", {}),
                       "COURSE_GRADING_SECRET": secret}
        command = [binary["path"], f"--gtest_filter={test.name}", "--gtest_color=no",
                   f"--gtest_output=json:{report}"]
        if count is not None:
            command = [part.replace("{ranks}", str(count)) for part in binary["launcher"]] + command
        outcome = sandbox.run(command, timeout=timeout, env=environment, cwd=str(folder),
                              output_path=folder / "output.txt", sanitized=bool(binary.get("sanitizer")))
        reports = [report] + [Path(f"{report}.rank{r}") for r in range(1, count or 1)]
        entries = [sealed_result(path, test.name, secret) for path in reports]
        judge(test, outcome, entries, timeout, f"{count} rank{'s' if count != 1 else ''}" if count else "")
        shutil.rmtree(folder, ignore_errors=True)
        if test.status not in ("passed", "partial", "skipped"):
            return  # an MPI test earns its points only if it passes at every rank count


def unknown_tests(spec: dict, known: set[str], scratch: Path) -> list[str]:
    """Tests a binary holds that the rubric does not know (the student's own, say)."""
    found = []
    for binary in spec["binaries"]:
        report = Path(tempfile.mkdtemp(prefix="list-", dir=scratch)) / "list.json"
        with contextlib.suppress(Exception):
            sandbox.run([binary["path"], "--gtest_list_tests", f"--gtest_output=json:{report}"], timeout=30,
                        env=dict(os.environ), cwd=str(report.parent), output_path=report.parent / "out.txt",
                        sanitized=bool(binary.get("sanitizer")))
            data = json.loads(report.read_text())
            for group in data.get("testsuites", []):
                for entry in group.get("testsuite", []):
                    name = f"{group['name']}.{entry['name']}"
                    if name not in known:
                        found.append(name)
    return found


def grade(spec: dict, task: int | None = None, progress=None) -> LabResult:
    """Grades every rubric test of a lab (or of one task)."""
    title = spec.get("title") or f"Lab {spec.get('lab', '')}"
    tests = rubric(spec, task)
    result = LabResult(title, tests, lab=spec.get("lab", ""))
    if spec.get("build_error"):
        for test in tests:
            test.status, test.reason = "build", f"does not compile: {spec['build_error']}"
        return result
    with tempfile.TemporaryDirectory(prefix="course-grading-") as scratch:
        os.chmod(scratch, 0o711)  # a test running under a user id of its own reaches its folder
        for number, test in enumerate(tests):
            if progress:
                progress(test)
            try:
                run_test(test, Path(scratch))
            except sandbox.Interrupted:  # everything the test started is gone already
                for rest in tests[number:]:
                    rest.earned, rest.status, rest.reason = 0.0, "failed", "not graded: the grading was interrupted"
                result.interrupted = True
                result.notes.append("the grading was interrupted (Ctrl-C or SIGTERM)")
                return result
        strangers = unknown_tests(spec, {t.name for t in rubric(spec)}, Path(scratch))
        if strangers:
            result.notes.append(f"ignored {len(strangers)} test(s) the course does not know: "
                                + ", ".join(strangers[:5]) + (" ..." if len(strangers) > 5 else ""))
    return result


# ---- reports --------------------------------------------------------------------

def points(value: float) -> str:
    return f"{value:g}"


def table_width(out) -> int:
    """The terminal's width when printing to one, else 110 columns (logs, CI)."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        if out.isatty():
            return max(60, os.get_terminal_size(out.fileno()).columns - 1)
    return 110


def print_table(lab: LabResult, out=sys.stdout, verbose: bool = False, hint_command: str = "",
                width: int | None = None) -> None:
    """One row per test: task (on its first row), test, points, and the reason wrapped
    under itself. When the reason would get fewer than 40 columns and does not fit, it
    goes on the lines under its test instead."""
    width = width or table_width(out)
    name_width = max([len(t.name) for t in lab.tests] + [len("total"), 20])
    score_width = max([len(points(t.earned)) for t in lab.tests] + [len(points(lab.earned)), 1])
    worth_width = max([len(points(t.points)) for t in lab.tests] + [len(points(lab.possible))])

    def score(earned: str, possible: float) -> str:  # at least as wide as its heading
        return f"{earned:>{score_width}} / {points(possible):<{worth_width}}".center(len("points"))

    lead = 2 + 4 + 2 + name_width + 2 + len(score("", 0)) + 2
    room = width - lead
    narrow = room < 40
    out.write(f"\n{lab.title}\n")
    out.write(f"  {'task':>4}  {'test':<{name_width}}  {'points':^{len(score('', 0))}}  result\n")
    rows = lab.tests
    if rows and all(t.status == "build" for t in rows):  # one compile error, said once
        rows = [TestResult(f"(all {len(rows)} tests)", 0, lab.possible, status="build", reason=rows[0].reason)]
    task = None
    for t in rows:
        earned = "-" if not t.counted else points(t.earned)
        shown_task = "" if t.task == task else str(t.task) if t.task else "all"
        task = t.task
        row = f"  {shown_task:>4}  {t.name:<{name_width}}  {score(earned, t.points)}  "
        stacked = narrow and len(t.reason) > room  # a short reason ("passed") still fits on the row
        reason = textwrap.wrap(t.reason, width - 10 if stacked else room, break_on_hyphens=False) or [""]
        if stacked:
            out.write(row.rstrip() + "\n")
            for line in reason:
                out.write(" " * 10 + line + "\n")
        else:
            out.write(row + reason[0] + "\n")
            for line in reason[1:]:
                out.write(" " * lead + line + "\n")
        if verbose and t.status not in ("passed", "skipped"):
            out.write(textwrap.indent(t.output.strip()[-3000:], "        | ") + "\n")
    out.write(f"  {'':4}  {'total':<{name_width}}  {score(points(lab.earned), lab.possible)}\n")
    for note in lab.notes:
        out.write(textwrap.fill(f"note: {note}", width, initial_indent="  ", subsequent_indent="        ") + "\n")
    lost = sorted({t.task for t in lab.tests if t.counted and t.earned < t.points and t.status != "build"})
    if hint_command and lost:
        line = "  stuck?"
        for i, task in enumerate(lost):  # wrapped between commands, never inside one
            command = f" {hint_command} {task}" + (";" if i < len(lost) - 1 else "")
            if len(line) + len(command) > width and line.strip() != "stuck?":
                out.write(line + "\n")
                line = "        "
            line += command
        out.write(line + "\n")


def write_atomically(path: str, text: str) -> None:
    """Writes through a temporary file and a rename, so a reader never sees half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=target.parent, prefix=f".{target.name}.", delete=False,
                                     encoding="utf-8") as handle:
        handle.write(text)
        temporary = handle.name
    os.replace(temporary, target)


def results_json(labs: list[LabResult], note: str = "") -> dict:
    """Gradescope's autograder results (score, max_score, tests with name, score,
    max_score, status, output, visibility)."""
    tests = []
    for lab in labs:
        for t in lab.tests:
            if t.counted:
                tests.append({"name": f"{lab.title}: {t.name}", "number": f"{lab.lab}.{t.task}", "score": t.earned,
                              "max_score": t.points, "status": "passed" if t.earned >= t.points else "failed",
                              "output": t.reason, "visibility": "visible"})
        if lab.written:
            tests.append({"name": f"{lab.title}: written question (shown, not scored)", "number": f"{lab.lab}.answers",
                          "score": 0, "max_score": 0, "status": "passed", "output": lab.written,
                          "visibility": "visible"})
    output = "\n".join([note] + [n for lab in labs for n in lab.notes]).strip()
    return {"score": round(sum(l.earned for l in labs), 2), "max_score": sum(l.possible for l in labs),
            "output": output, "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}


def write_results_json(labs: list[LabResult], path: str, note: str = "") -> None:
    write_atomically(path, json.dumps(results_json(labs, note), indent=2) + "\n")


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
    write_atomically(path, ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n")


# ---- the course's own check ------------------------------------------------------

def check_full(lab: LabResult) -> list[str]:
    return [f"{t.name}: the reference solution should earn full marks, but {t.reason}"
            for t in lab.tests if t.counted and t.earned < t.points]


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
    keep their points, but if they lose them it must be for a matching reason.
    EXPECT-REASON tests keep their points with a reason that matches (the grader's
    hostile-code checks: "left 1 process running"); EXPECT-NOTE lines must match a note of
    the table. Every other test must keep its points, and no test may earn more than it is worth."""
    expected = expected_losses(source)
    maybe = expected_losses(source, "MAY-LOSE")
    reasons = expected_losses(source, "EXPECT-REASON")
    notes = re.findall(r"EXPECT-NOTE:\s*(.+?)\s*$", Path(source).read_text(), re.MULTILINE)
    if not expected and not reasons:
        return [f"{source} names no test in an 'EXPECT-LOSS: Suite.Test: reason' line"]
    problems = []
    names = {t.name for t in lab.tests}
    problems += [f"{name}: named in the mutant but no such test"
                 for name in {**expected, **maybe, **reasons} if name not in names]
    for t in lab.tests:
        if t.earned > t.points:
            problems.append(f"{t.name}: earned {points(t.earned)} of {points(t.points)} points")
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
        elif t.name in reasons and not re.search(reasons[t.name], t.reason, re.IGNORECASE):
            problems.append(f"{t.name}: kept its points, but its reason '{t.reason}' "
                            f"does not match '{reasons[t.name]}'")
    for note in notes:
        if not any(re.search(note, n, re.IGNORECASE) for n in lab.notes):
            problems.append(f"no note of the table matches '{note}' (notes: {lab.notes})")
    return problems


def stop_on_sigterm() -> None:
    """SIGTERM (a CI runner cancelling a job, say) unwinds like Ctrl-C, so the test that
    is running is killed with everything it started, and the results are still written."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupt)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", help="the lab's JSON spec (see above)")
    parser.add_argument("--task", type=int, help="only this task's tests")
    parser.add_argument("--quiet", action="store_true", help="print no progress")
    parser.add_argument("--verbose", action="store_true", help="show the output of every test that lost points")
    parser.add_argument("--results-json", metavar="FILE", help="write Gradescope's results.json")
    parser.add_argument("--junit", metavar="FILE", help="write JUnit XML")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--expect-full", action="store_true", help="check that every test earns full marks")
    mode.add_argument("--expect-zero", action="store_true", help="check that every test is 'not implemented yet'")
    mode.add_argument("--expect-mutant", metavar="FILE", help="check the losses its EXPECT-LOSS lines name")
    args = parser.parse_args(argv)

    stop_on_sigterm()
    spec = json.loads(Path(args.spec).read_text())
    progress = None if args.quiet else (lambda t: print(f"  running {t.name} ...", file=sys.stderr))
    lab = grade(spec, args.task, progress)
    print_table(lab, verbose=args.verbose)
    if args.results_json:
        write_results_json([lab], args.results_json)
    if args.junit:
        write_junit([lab], args.junit)

    problems = []
    if args.expect_full:
        problems = check_full(lab)
    elif args.expect_zero:
        problems = check_zero(lab)
    elif args.expect_mutant:
        problems = check_mutant(lab, args.expect_mutant)
    leftover = [pid for pid in sandbox.descendants() if not sandbox._is_zombie(pid)]
    if leftover:
        problems.append(f"{len(leftover)} process(es) of the tests outlived the grading: {leftover[:10]}")
    if lab.interrupted:
        return 130
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    if problems:
        for t in lab.tests:
            if t.output and t.earned < t.points:
                print(f"\n--- output of {t.name} ---\n{t.output.strip()[-2000:]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
