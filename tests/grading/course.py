#!/usr/bin/env python3
"""The course's command line: see `./course help`.

Every command works from the repository root, builds what it needs first (CMake
presets, build/<preset>/), and needs nothing but Python 3 and what `./course setup`
installs.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
import webbrowser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grade as grader  # noqa: E402  (the grader lives beside this file)
import instructor  # noqa: E402
import sandbox  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
STUDENT = "student"


def fail(message: str, code: int = 1):
    print(f"course: {message}", file=sys.stderr)
    sys.exit(code)


# ---- the course's folders ---------------------------------------------------------

def units(side: str) -> dict[str, Path]:
    """NN -> folder, for lessons/ or labs/."""
    found = {}
    for folder in sorted((ROOT / side).glob("[0-9][0-9]-*")):
        if folder.is_dir():
            found[folder.name[:2]] = folder
    return found


def title_of(readme: Path) -> str:
    if readme.exists():
        first = readme.read_text(encoding="utf-8").splitlines()[0]
        return re.sub(r"^#\s*(Lab\s+)?(\d\d\s*·\s*)?", "", first).strip()
    return ""


def lesson_number(text: str) -> str:
    number = text.zfill(2)
    if number not in units("lessons") and number not in units("labs"):
        fail(f"there is no lesson {text}; `./course map` lists them", 2)
    return number


# ---- building ---------------------------------------------------------------------

def cmake(*args: str, quiet: bool = True) -> None:
    """Runs cmake from the root; on failure shows its whole output (the compiler errors)."""
    command = ["cmake", *args]
    if quiet:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            sys.stdout.write(result.stdout + result.stderr)
            fail(f"`{' '.join(command)}` failed (see above)")
    elif subprocess.run(command, cwd=ROOT).returncode != 0:
        fail(f"`{' '.join(command)}` failed (see above)")


def try_cmake(*args: str) -> tuple[bool, str]:
    """Runs cmake from the root and returns (succeeded, everything it printed)."""
    result = subprocess.run(["cmake", *args], cwd=ROOT, capture_output=True, text=True)
    return result.returncode == 0, result.stdout + result.stderr


def first_error(log: str) -> str:
    """The compiler's (or linker's) first error, in one line with a short path."""
    for line in log.splitlines():
        if re.search(r"\berror\b|multiple definition|undefined reference", line) and not line.startswith("ninja:"):
            text = line.strip().replace(str(ROOT) + "/", "")
            text = re.sub(r"^(\S*/)?((labs|solutions|tests)/\S+)", r"\2", text)
            return textwrap.shorten(text, 220)
    return "the build failed (run with --verbose for the compiler's output)"


def configure(preset: str) -> dict:
    """Configures the preset if needed and returns its manifest (demos, labs, binaries)."""
    build_dir = ROOT / "build" / preset
    if not (build_dir / "CMakeCache.txt").exists():
        print(f"course: configuring the {preset} build in build/{preset} ...", file=sys.stderr)
        cmake("--preset", preset)
    else:  # pick up new lessons or files (cheap when nothing changed)
        cmake("-S", str(ROOT), "-B", str(build_dir))
    return json.loads((build_dir / "course-manifest.json").read_text())


def build(preset: str, targets: list[str] | None = None) -> None:
    print(f"course: building {' '.join(targets) if targets else 'everything'} ({preset}) ...", file=sys.stderr)
    cmake("--build", "--preset", preset, *(["--target", *targets] if targets else []))


def preset_of(args) -> str:
    return "tsan" if getattr(args, "tsan", False) else "asan" if getattr(args, "asan", False) else STUDENT


def lab_entry(manifest: dict, number: str) -> dict:
    """The lab's spec for the grader (see tests/grading/grade.py), with its title."""
    for lab in manifest["labs"]:
        if lab["lab"] == number:
            return {**lab, "title": f"Lab {number} · {title_of(ROOT / 'labs' / lab['folder'] / 'README.md')}"}
    fail(f"lesson {number} has no lab yet", 2)


# ---- grades kept between commands, for the map ----------------------------------------

def grades_file(number: str) -> Path:
    return ROOT / "build" / STUDENT / "grades" / f"{number}.json"


def save_grades(number: str, lab: grader.LabResult) -> None:
    path = grades_file(number)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"earned": lab.earned, "possible": lab.possible,
                                "time": time.strftime("%Y-%m-%d %H:%M")}))


def saved_grades(number: str) -> dict | None:
    path = grades_file(number)
    return json.loads(path.read_text()) if path.exists() else None


def grade_lab(manifest: dict, number: str, task: int | None = None, verbose: bool = False,
              quiet: bool = False, build_error: str = "") -> grader.LabResult:
    entry = lab_entry(manifest, number)
    if build_error:
        entry["build_error"] = build_error
    progress = None if quiet else (lambda t: print(f"  running {t.name} ...", file=sys.stderr))
    result = grader.grade(entry, task, progress)
    if not quiet:
        grader.print_table(result, verbose=verbose, hint_command=f"./course hint {number}")
    if task is None and not manifest.get("sanitizer"):
        save_grades(number, result)
    return result


# ---- commands -------------------------------------------------------------------------

def command_map(args) -> int:
    lessons, labs = units("lessons"), units("labs")
    print("\nConcurrency and parallelism in C++: the course map\n")
    print(f"  {'NN':<3} {'lesson':<36} {'demos':>5}   {'lab':<7} {'your points':>12}")
    earned = possible = 0.0
    next_step = None
    for number in sorted(set(lessons) | set(labs)):
        lesson = lessons.get(number)
        demos = len(list(lesson.glob("*.cpp"))) if lesson else 0
        grades = saved_grades(number)
        if number in labs and grades:
            score = f"{grades['earned']:g} / {grades['possible']:g}"
            earned += grades["earned"]
            possible += grades["possible"]
            done = grades["earned"] >= grades["possible"]
        else:
            score = "not graded" if number in labs else ""
            done = number not in labs
        if not done and next_step is None:
            next_step = number
        name = title_of(lesson / "README.md") if lesson else ""
        print(f"  {number:<3} {name:<36} {demos:>5}   {'lab ' + number if number in labs else '':<7} {score:>12}")
    print(f"  {'':<3} {'total':<36} {'':>5}   {'':<7} {earned:>5g} / {possible:<5g}")
    if next_step:
        lesson = lessons.get(next_step)
        lab = labs.get(next_step)
        print("\nNext:")
        if lesson:
            print(f"  1. read {lesson.relative_to(ROOT)}/README.md and run its demos: ./course run {next_step}")
        if lab:
            print(f"  2. do the lab in {lab.relative_to(ROOT)}/ (its README.md lists the tasks) "
                  f"and grade it: ./course test {next_step}")
    else:
        print("\nEvery lab has full marks. Well done!")
    print("\nAll commands: ./course help")
    return 0


def command_setup(args) -> int:
    manifest = configure(STUDENT)
    build(STUDENT)
    print("course: grading the labs as they stand (a fresh clone scores 0) ...", file=sys.stderr)
    for lab in manifest["labs"]:
        grade_lab(manifest, lab["lab"], quiet=True)
    return command_map(args)


def demo_brief(path: Path) -> str:
    match = re.search(r"@brief\s+(.*)", path.read_text(encoding="utf-8")) if path.exists() else None
    return match.group(1).strip() if match else ""


def command_run(args) -> int:
    number = lesson_number(args.lesson)
    preset = preset_of(args)
    manifest = configure(preset)
    demos = [d for d in manifest["demos"] if d["lesson"] == number]
    lesson = units("lessons")[number]
    if not args.demo:
        print(f"Demos of lesson {number} ({lesson.relative_to(ROOT)}), in reading order: see its README.md\n")
        for demo in demos:
            print(f"  ./course run {number} {demo['name']:<28} {demo_brief(lesson / (demo['name'] + '.cpp'))}")
        return 0
    chosen = [d for d in demos if d["name"] == args.demo]
    if not chosen:
        names = ", ".join(d["name"] for d in demos)
        fail(f"lesson {number} has no demo '{args.demo}'; it has: {names}", 2)
    build(preset, [f"demo_{number}_{args.demo}"])
    command = [chosen[0]["path"], *args.args]
    environment = dict(os.environ)
    if chosen[0].get("launcher"):  # an MPI demo: started through mpiexec with its ranks
        command = chosen[0]["launcher"] + command
        environment.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        print(f"course: an MPI program: `{' '.join(Path(p).name if i == 0 else p for i, p in enumerate(chosen[0]['launcher']))}` "
              f"starts its ranks (--oversubscribe lets it start more ranks than cores)", file=sys.stderr)
    print(f"course: running {Path(chosen[0]['path']).relative_to(ROOT)} {' '.join(args.args)}\n", file=sys.stderr)
    return subprocess.run(command, env=environment).returncode


def build_lab(manifest: dict, number: str, preset: str, verbose: bool = False) -> str:
    """Builds one lab's test binaries; returns "" or the first compile error."""
    entry = lab_entry(manifest, number)
    print(f"course: building lab {number} ({preset}) ...", file=sys.stderr)
    built, log = try_cmake("--build", "--preset", preset, "--target", *entry["targets"])
    if built:
        return ""
    if verbose:
        sys.stdout.write(log)
    return first_error(log)


def command_test(args) -> int:
    number = lesson_number(args.lab)
    preset = preset_of(args)
    manifest = configure(preset)
    spec = lab_entry(manifest, number)
    tasks = grader.tasks_of(spec)
    if args.task is not None and args.task not in tasks:
        print(f"course: lab {number} has no task {args.task}; its tasks are {', '.join(map(str, tasks))}",
              file=sys.stderr)
        return 2
    error = build_lab(manifest, number, preset, args.verbose)
    try:
        result = grade_lab(manifest, number, args.task, args.verbose, build_error=error)
    except sandbox.Interrupted:
        return 130
    if error and not args.verbose:
        print(f"\ncourse: lab {number} does not compile; `./course test {number} --verbose` shows the whole log")
    return 0 if result.earned >= result.possible else 1


def command_grade(args) -> int:
    """Grades every lab (or the ones named), each built and graded on its own: a lab that
    does not compile scores 0 with the compiler's first error, and the others are still
    graded. The result files are written whatever happens, Ctrl-C included."""
    grader.stop_on_sigterm()
    results: list[grader.LabResult] = []
    note = ""
    try:
        manifest = configure(STUDENT)
        numbers = [lesson_number(n) for n in args.labs] or [lab["lab"] for lab in manifest["labs"]]
        for number in numbers:
            error = build_lab(manifest, number, STUDENT)
            results.append(grade_lab(manifest, number, build_error=error))
    except (KeyboardInterrupt, sandbox.Interrupted):
        note = "grading was interrupted; the labs below are the ones graded before that"
        print(f"\ncourse: {note}", file=sys.stderr)
    except SystemExit as stop:  # configuring failed: still write (empty) results
        note = "the course could not be configured; nothing was graded"
        if not (args.results_json or args.junit):
            raise
        print(f"course: {note} ({stop})", file=sys.stderr)
    finally:
        earned, possible = sum(r.earned for r in results), sum(r.possible for r in results)
        print(f"\nTotal: {earned:g} / {possible:g} points")
        if args.results_json:
            grader.write_results_json(results, args.results_json, note)
            print(f"course: wrote {args.results_json} (Gradescope)")
        if args.junit:
            grader.write_junit(results, args.junit)
            print(f"course: wrote {args.junit} (JUnit XML)")
    return 130 if note.startswith("grading was interrupted") else 0


def command_watch(args) -> int:
    number = lesson_number(args.lab)
    folder = units("labs")[number]

    def snapshot():
        return {p: p.stat().st_mtime for p in folder.rglob("*") if p.is_file()}

    # Polling works everywhere, WSL's /mnt/c included, where file-change events never arrive.
    print(f"course: watching {folder.relative_to(ROOT)} (every {args.interval:g} s); Ctrl-C stops.")
    seen = None
    try:
        while True:
            now = snapshot()
            if now != seen:
                seen = now
                subprocess.run([sys.executable, __file__, "test", number, *(["--task", str(args.task)] if args.task else [])])
                print(f"\ncourse: waiting for a change in {folder.relative_to(ROOT)} ...")
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 0


def hints_of(readme: Path) -> dict[int, list[str]]:
    hints: dict[int, list[str]] = {}
    task = None
    current: list[str] | None = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"##\s+Task\s+(\d+)", line)
        if heading or line.startswith("## "):
            task = int(heading.group(1)) if heading else None
            current = None
            continue
        if task is not None and line.startswith("> **Hint:**"):
            current = [line[len("> **Hint:**"):].strip()]
            hints.setdefault(task, []).append("")
        elif current is not None and line.startswith(">"):
            current.append(line[1:].strip())
        else:
            current = None
        if current is not None:
            hints[task][-1] = " ".join(current)
    return hints


def command_hint(args) -> int:
    number = lesson_number(args.lab)
    labs = units("labs")
    if number not in labs:
        fail(f"lesson {number} has no lab", 2)
    hints = hints_of(labs[number] / "README.md")
    if args.task is None:
        for task, texts in sorted(hints.items()):
            print(f"Task {task}: {len(texts)} hint(s): ./course hint {number} {task}")
        return 0
    texts = hints.get(args.task)
    if not texts:
        fail(f"lab {number} has no hints for task {args.task}", 2)
    # Hints come one at a time, so a student can stop as soon as one is enough.
    state_file = ROOT / "build" / STUDENT / "hints.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    key = f"{number}.{args.task}"
    shown = len(texts) if args.all else min(state.get(key, 0) + 1, len(texts))
    state[key] = shown
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(state))
    for i, text in enumerate(texts[:shown], 1):
        print(f"Hint {i} of {len(texts)} for lab {number}, task {args.task}: {text}\n")
    if shown < len(texts):
        print(f"(run the same command again for the next hint)")
    return 0


def command_docs(args) -> int:
    configure(STUDENT)
    if not (ROOT / "build" / STUDENT / "docs" / "Doxyfile").exists():
        fail("Doxygen was not found when configuring; run ./course setup (it installs doxygen)")
    build(STUDENT, ["docs"])
    index = ROOT / "build" / STUDENT / "docs" / "html" / "index.html"
    print(f"course: the docs site is at {index}")
    if args.open:
        webbrowser.open(index.as_uri())
    return 0


def command_check(args) -> int:
    """The course's own check: what CI runs (solutions, stubs, mutants, demos, docs, sanitizers)."""
    started = time.monotonic()
    cmake("--preset", "reference", quiet=False)
    cmake("--build", "--preset", "reference", quiet=False)
    print(f"course: built in {(time.monotonic() - started) / 60:.1f} min; now the tests "
          f"(CTest's summary is the last thing printed)", file=sys.stderr, flush=True)
    return subprocess.run(["ctest", "--preset", "reference", *args.ctest_args], cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./course", description="Concurrency and parallelism in C++: the course's command line.")
    commands = parser.add_subparsers(dest="command", metavar="command")

    def add(name, function, help_text, aliases=()):
        command = commands.add_parser(name, help=help_text, description=help_text, aliases=list(aliases))
        command.set_defaults(function=function)
        return command

    def sanitizers(command):
        group = command.add_mutually_exclusive_group()
        group.add_argument("--tsan", action="store_true", help="build and run under ThreadSanitizer")
        group.add_argument("--asan", action="store_true", help="build and run under AddressSanitizer + UBSan")

    add("setup", command_setup, "install what is missing, build everything, show the map")
    add("map", command_map, "the course map: lessons, labs, your points, what to do next", aliases=["status"])
    run = add("run", command_run, "run a lesson's demo (without a demo name: list them)")
    run.add_argument("lesson", help="lesson number, e.g. 01")
    run.add_argument("demo", nargs="?", help="the demo's name")
    run.add_argument("args", nargs=argparse.REMAINDER, help="arguments passed to the demo")
    sanitizers(run)
    test = add("test", command_test, "build and grade one lab (or one task of it)")
    test.add_argument("lab", help="lab number, e.g. 01")
    test.add_argument("--task", type=int, help="only this task's tests")
    test.add_argument("--verbose", action="store_true", help="show the output of every test that lost points")
    sanitizers(test)
    grade = add("grade", command_grade, "grade every lab (or the ones named) and print the total")
    grade.add_argument("labs", nargs="*", help="lab numbers (default: all)")
    grade.add_argument("--results-json", metavar="FILE", help="also write Gradescope's results.json")
    grade.add_argument("--junit", metavar="FILE", help="also write JUnit XML")
    watch = add("watch", command_watch, "grade a lab again every time one of its files changes")
    watch.add_argument("lab", help="lab number")
    watch.add_argument("--task", type=int, help="only this task's tests")
    watch.add_argument("--interval", type=float, default=1.0, help="seconds between looks (default 1)")
    hint = add("hint", command_hint, "show a lab's hints, one more each time")
    hint.add_argument("lab", help="lab number")
    hint.add_argument("task", nargs="?", type=int, help="task number (without it: which tasks have hints)")
    hint.add_argument("--all", action="store_true", help="show every hint of the task at once")
    docs = add("docs", command_docs, "build the docs site (lessons, labs, API, demo sources)")
    docs.add_argument("--open", action="store_true", help="open it in a browser")
    check = add("check", command_check, "the course's own check, as CI runs it (slow: ~10 min)")
    check.add_argument("ctest_args", nargs=argparse.REMAINDER, help="extra ctest arguments, e.g. -R '^01\\.'")
    kit = add("instructor", instructor.command, "for instructors: build a Gradescope autograder or a GitHub Classroom workflow")
    instructor.add_arguments(kit)
    commands.add_parser("help", help="this help")

    args = parser.parse_args(argv)
    if args.command in (None, "help"):
        parser.print_help()
        return 0 if args.command == "help" else 2
    if args.command == "run":  # --tsan/--asan may come after the demo's name, among its arguments
        words = ([args.demo] if args.demo else []) + args.args
        args.tsan = args.tsan or "--tsan" in words
        args.asan = args.asan or "--asan" in words
        words = [w for w in words if w not in ("--tsan", "--asan")]
        args.demo, args.args = (words[0], words[1:]) if words else (None, [])
    if shutil.which("cmake") is None:
        fail("cmake is missing; run ./course setup first")
    return args.function(args)


if __name__ == "__main__":
    sys.exit(main())
