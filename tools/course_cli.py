#!/usr/bin/env python3
"""The course's command line: see `./course help`.

Every command works from the repository root, builds what it needs first (CMake
presets, build/<preset>/), and needs nothing but Python 3 and what `./course setup`
installs.
"""
from __future__ import annotations

import argparse
import contextlib
import html
import io
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import webbrowser
from pathlib import Path

try:  # raw key reading for `watch`; absent on Windows (WSL has it)
    import termios
    import tty
except ImportError:
    termios = tty = None

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "grading"))  # the grader
import grade as grader  # noqa: E402
import instructor  # noqa: E402
import bench  # noqa: E402
from hints import hints_of  # noqa: E402
import sandbox  # noqa: E402

STUDENT = "student"


def shown(path: Path) -> str:
    """A path as the student types it: relative to the repository when inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


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

def build_dir(preset: str) -> Path:
    """build/<preset>/. COURSE_BUILD_DIR moves the student build elsewhere (maintainers
    trying the CLI beside another build)."""
    if preset == STUDENT and os.environ.get("COURSE_BUILD_DIR"):
        return Path(os.environ["COURSE_BUILD_DIR"]).resolve()
    return ROOT / "build" / preset


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
    folder = build_dir(preset)
    if not (folder / "CMakeCache.txt").exists():
        print(f"course: configuring the {preset} build in {shown(folder)} ...", file=sys.stderr)
        cmake("--preset", preset, "-B", str(folder))
    else:  # pick up new lessons or files (cheap when nothing changed)
        cmake("-S", str(ROOT), "-B", str(folder))
    return json.loads((folder / "course-manifest.json").read_text())


def build(preset: str, targets: list[str] | None = None) -> None:
    print(f"course: building {' '.join(targets) if targets else 'everything'} ({preset}) ...", file=sys.stderr)
    cmake("--build", str(build_dir(preset)), *(["--target", *targets] if targets else []))


def preset_of(args) -> str:
    return "tsan" if getattr(args, "tsan", False) else "asan" if getattr(args, "asan", False) else STUDENT


def lab_entry(manifest: dict, number: str) -> dict:
    """The lab's spec for the grader (see tests/grading/grade.py), with its title."""
    for lab in manifest["labs"]:
        if lab["lab"] == number and lab.get("unavailable"):
            fail(lab["unavailable"], 2)
        if lab["lab"] == number:
            return {**lab, "title": f"Lab {number} · {title_of(ROOT / 'labs' / lab['folder'] / 'README.md')}"}
    fail(f"lesson {number} has no lab yet", 2)


# ---- grades kept between commands, for the map, the list and watch ------------------

def grades_file(number: str) -> Path:
    return build_dir(STUDENT) / "grades" / f"{number}.json"


def record_of(lab: grader.LabResult) -> dict:
    """A lab's result as JSON: totals, and each test's task, points, status and reason."""
    return {"lab": lab.lab, "title": lab.title, "earned": lab.earned, "possible": lab.possible,
            "time": time.strftime("%Y-%m-%d %H:%M:%S"), "notes": lab.notes,
            "tests": [{"name": t.name, "task": t.task, "points": t.points, "earned": t.earned,
                       "status": t.status, "reason": t.reason} for t in lab.tests]}


def lab_of(record: dict) -> grader.LabResult:
    """The inverse of record_of (without the tests' output)."""
    tests = [grader.TestResult(t["name"], t["task"], t["points"], earned=t["earned"], status=t["status"],
                               reason=t["reason"]) for t in record.get("tests", [])]
    return grader.LabResult(record.get("title", ""), tests, record.get("notes", []), record.get("lab", ""))


def save_grades(number: str, lab: grader.LabResult, task: int | None = None) -> None:
    """Keeps the last grading of each test. Grading one task updates that task's tests in
    the lab's last full grading (there is nothing to update before one)."""
    record = record_of(lab)
    if task is not None:
        previous = saved_grades(number)
        if not previous or "tests" not in previous:
            return
        fresh = {t["name"]: t for t in record["tests"]}
        tests = [fresh.pop(t["name"], t) for t in previous["tests"]] + list(fresh.values())
        merged = lab_of({**previous, "tests": tests})
        record = {**record_of(merged), "time": record["time"]}
    grader.write_atomically(str(grades_file(number)), json.dumps(record, indent=1) + "\n")


def saved_grades(number: str) -> dict | None:
    path = grades_file(number)
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def grade_lab(manifest: dict, number: str, task: int | None = None, verbose: bool = False,
              quiet: bool = False, build_error: str = "") -> grader.LabResult:
    entry = lab_entry(manifest, number)
    if build_error:
        entry["build_error"] = build_error
    progress = None if quiet else (lambda t: print(f"  running {t.name} ...", file=sys.stderr, flush=True))
    result = grader.grade(entry, task, progress)
    answers = ROOT / "labs" / entry["folder"] / "ANSWERS.md"
    if answers.exists():  # the written question: shown to the instructor (results.json), never scored
        result.written = answers.read_text(encoding="utf-8")
    if not quiet:
        grader.print_table(result, verbose=verbose, hint_command=f"./course hint {number}")
        if answers.exists():
            print(f"  written question: {answers.relative_to(ROOT)} (your instructor sees it; it earns no points)")
    if not manifest.get("sanitizer"):
        save_grades(number, result, task)
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
    built, log = try_cmake("--build", str(build_dir(preset)), "--target", *entry["targets"])
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
    pictures = None
    if args.timeline:  # every grading::ConcurrencyProbe of the tests draws what it saw here
        pictures = build_dir(preset) / "timelines" / number
        shutil.rmtree(pictures, ignore_errors=True)
        pictures.mkdir(parents=True)
        os.environ["COURSE_TIMELINE_DIR"] = str(pictures)  # the grader passes it on to each test
    error = build_lab(manifest, number, preset, args.verbose)
    try:
        result = grade_lab(manifest, number, args.task, args.verbose, build_error=error)
    except sandbox.Interrupted:
        return 130
    if args.json:  # for `watch`, which draws its own screen
        grader.write_atomically(args.json, json.dumps(record_of(result)))
    if error and not args.verbose:
        print(f"\ncourse: lab {number} does not compile; `./course test {number} --verbose` shows the whole log")
    if pictures is not None:
        show_timelines(pictures, result, args.open)
    return 0 if result.earned >= result.possible else 1


TIMELINE_LEGEND = ("Each picture is one test's probe: a bar is one stay of a task inside the region the "
                   "test watches, on the row of the thread that ran it. Bars on different rows that overlap "
                   "in time ran at the same time. Where a test waits for its tasks to meet, one long bar "
                   "alone means the others never came while it waited.")


def show_timelines(folder: Path, result: grader.LabResult, open_them: bool) -> None:
    """Lists the pictures the tests drew, with an index page that shows them all."""
    files = sorted(folder.glob("*.svg"))
    if not files:
        print("\ncourse: no timeline was drawn. The tests that check what ran at the same time draw one\n"
              "        when your code reaches them; a function that still throws 'not implemented yet',\n"
              "        or a lab whose tests check no overlap, draws none.")
        return
    verdicts = {t.name: t.reason for t in result.tests}
    print("\nTimelines of your run (one row per thread, one bar per task; bars that overlap ran at the same time):")
    for picture in files:
        print(f"  {shown(picture)}")
    rows = []
    for picture in files:
        test = re.sub(r"-\d+$", "", picture.stem)
        rows.append(f"<h2>{html.escape(picture.stem)}</h2><p>{html.escape(verdicts.get(test, ''))}</p>"
                    f'<img src="{html.escape(picture.name)}" alt="timeline of {html.escape(picture.stem)}">')
    index = folder / "index.html"
    index.write_text("<!doctype html><meta charset=\"utf-8\"><title>Timelines of " + html.escape(result.title)
                     + "</title><style>body{font-family:sans-serif;margin:2em}img{max-width:100%}</style>"
                     + f"<h1>Timelines of {html.escape(result.title)}</h1><p>" + html.escape(TIMELINE_LEGEND)
                     + "</p>" + "\n".join(rows) + "\n",
                     encoding="utf-8")
    print(f"  all of them on one page: {shown(index)}")
    if open_them and not webbrowser.open(index.as_uri()):
        print(f"course: no browser found; open {index.as_uri()} by hand")


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
            if results[-1].interrupted:
                raise KeyboardInterrupt
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


# ---- watch ----------------------------------------------------------------------------

SOURCE_SUFFIXES = {".cpp", ".hpp", ".h", ".cc", ".hh", ".cxx", ".ipp", ".tpp"}


def sources_snapshot(folder: Path) -> dict[Path, tuple[float, int]]:
    """Each C++ source of the lab with its mtime and size. Polling mtimes works
    everywhere, WSL's /mnt/c and network drives included, where file-change events
    never arrive; editors' swap and backup files are not sources, so they never count."""
    found = {}
    for path in folder.rglob("*"):
        if path.suffix in SOURCE_SUFFIXES and not path.name.startswith((".", "#")):
            with contextlib.suppress(OSError):
                status = path.stat()
                found[path] = (status.st_mtime, status.st_size)
    return found


def what_changed(before: grader.LabResult | None, after: grader.LabResult) -> list[tuple[str, str]]:
    """Sentences on what changed between two gradings, each with its mood: good, bad, same."""
    def broken(lab):
        return bool(lab.tests) and all(t.status == "build" for t in lab.tests)

    def full(t):
        return t.counted and t.earned >= t.points

    if broken(after):
        if before and broken(before):
            return [("bad", "it still does not compile (the first error is in the table)")]
        return [("bad", ("the lab no longer compiles" if before else "the lab does not compile")
                 + " (the first error is in the table)")]
    if before is None:
        return []
    said = [("good", "it compiles again")] if broken(before) else []
    old = {t.name: t for t in before.tests}
    fixed = [t for t in after.tests if full(t) and not (t.name in old and full(old[t.name]))]
    lost = [t for t in after.tests if t.counted and not full(t) and t.name in old and full(old[t.name])]
    if fixed:
        said.append(("good", f"{len(fixed)} more test{'s pass' if len(fixed) > 1 else ' passes'}"
                     + (f": {fixed[0].name}" if len(fixed) == 1 else "")))
    done = []
    for task in sorted({t.task for t in after.tests}):
        now = [t for t in after.tests if t.task == task and t.counted]
        then = [old.get(t.name) for t in now]
        if now and all(full(t) for t in now) and not all(t and full(t) for t in then):
            done.append(str(task))
    if done:
        said.append(("good", f"task {done[0]} now passes" if len(done) == 1 else
                     f"tasks {', '.join(done[:-1])} and {done[-1]} now pass"))
    if lost:
        said.append(("bad", f"{len(lost)} test{'s' if len(lost) > 1 else ''} broke: "
                     + "; ".join(f"{t.name} ({t.reason})" for t in lost[:2]) + (" ..." if len(lost) > 2 else "")))
    delta = round(after.earned - before.earned, 2)
    if delta and not fixed and not lost:
        said.append(("good" if delta > 0 else "bad", f"{delta:+g} points"))
    if not said:
        said.append(("same", "no change since the last grading"))
    return said


class Watcher:
    """`./course watch NN`: grades the lab in a child process whenever a source changes,
    and draws one screen: a progress bar, what changed, the table, and the keys."""

    KEYS = "h hint · n next lab · l list · r re-run · q quit"

    def __init__(self, number: str, task: int | None, interval: float, interactive: bool):
        self.task, self.interval, self.interactive = task, interval, interactive
        self.colour = interactive and not os.environ.get("NO_COLOR")
        self.child: subprocess.Popen | None = None
        handle, name = tempfile.mkstemp(prefix="course-watch-", suffix=".json")
        os.close(handle)
        self.result_file = Path(name)
        self.log = None
        self.open_lab(number)

    # -- the lab being watched
    def open_lab(self, number: str) -> None:
        self.number, self.folder = number, units("labs")[number]
        saved = saved_grades(number)
        self.result = self.previous = lab_of(saved) if saved and "tests" in saved else None
        if self.result and self.task is not None:
            self.result.tests = [t for t in self.result.tests if t.task == self.task]
        self.changes: list[tuple[str, str]] = []
        self.panel: list[str] = []
        self.panel_is_list = False
        self.status = ""
        self.seen = sources_snapshot(self.folder)
        self.failure = ""

    # -- grading, in a child process so keys still work while it runs
    def start(self) -> None:
        self.stop()
        self.result_file.unlink(missing_ok=True)
        command = [sys.executable, __file__, "test", self.number, "--json", str(self.result_file)]
        if self.task is not None:
            command += ["--task", str(self.task)]
        self.log = tempfile.TemporaryFile()
        self.said: list[str] = []  # what it printed on stderr, for when it fails
        # Its own process group, so a stop reaches the build (cmake, ninja, compilers) too.
        self.child = subprocess.Popen(command, stdout=self.log, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                      start_new_session=True)
        self.pending = b""
        self.status = f"grading lab {self.number} ..."
        if not self.interactive:
            print(f"course: {self.status}", flush=True)
        self.draw()

    def stop(self) -> None:
        """Stops a grading under way; SIGINT lets the grader kill the running test first."""
        if self.child and self.child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.child.pid, signal.SIGINT)
            try:
                self.child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.child.pid, signal.SIGKILL)
                self.child.wait()
        if self.child:
            self.child.stderr.close()
        self.child = None
        if self.log:
            self.log.close()
            self.log = None

    def on_progress(self) -> None:
        data = os.read(self.child.stderr.fileno(), 4096)
        if data:
            *lines, self.pending = (self.pending + data).split(b"\n")
            for line in lines:
                text = line.decode(errors="replace").strip()
                if text:
                    self.status = text.replace("course: ", "")
                    self.said = (self.said + [text])[-15:]
            self.draw(only_status=self.interactive)
            return
        self.child.wait()
        self.child.stderr.close()
        code, self.child = self.child.returncode, None
        try:
            record = json.loads(self.result_file.read_text())
        except (OSError, ValueError):
            self.log.seek(0)
            printed = self.log.read().decode(errors="replace").strip().splitlines()[-15:]
            printed += [line for line in self.said if not line.startswith("running ")]
            printed += self.pending.decode(errors="replace").strip().splitlines()
            self.failure = "\n".join(printed) or f"grading stopped (exit code {code})"
            self.status = ""
            self.draw()
            return
        self.failure = ""
        self.previous, self.result = self.result, lab_of(record)
        self.changes = what_changed(self.previous, self.result)
        self.status = f"graded at {time.strftime('%H:%M:%S')}"
        if not self.panel_is_list:  # a hint may be about a task that passes now
            self.panel = []
        self.draw()

    # -- keys
    def on_key(self, key: str) -> bool:
        """Handles one key; returns False to quit."""
        if key in "qQ":
            return False
        if self.panel and key not in "hH":  # any other key closes a panel first
            self.panel, self.panel_is_list = [], False
            if key not in "rRnNlL":
                self.draw()
                return True
        if key in "rR":
            self.start()
        elif key in "hH":
            self.panel, self.panel_is_list = self.hint_panel(), False
            self.draw()
        elif key in "lL":
            self.panel = ["Every lab (your points from the last grading):", ""] + list_lines(compact=True) \
                + ["", "(any key closes this list)"]
            self.panel_is_list = True
            self.draw()
        elif key in "nN":
            labs = sorted(units("labs"))
            later = [n for n in labs if n > self.number]
            if not later:
                self.panel, self.panel_is_list = ["This is the last lab. `./course list` shows them all."], False
                self.draw()
                return True
            self.stop()
            self.task = None  # a task number means nothing in another lab
            self.open_lab(later[0])
            self.start()
        return True

    def hint_panel(self) -> list[str]:
        if not self.result:
            return ["Nothing graded yet: wait for the table (or press r)."]
        lost = [t.task for t in self.result.tests if t.counted and t.earned < t.points]
        if not lost:
            return ["Every task has full marks: no hint needed. Press n for the next lab."]
        task = min(lost)
        texts, total = take_hints(self.number, task)
        if not texts:
            return [f"Lab {self.number} has no hints for task {task}."]
        width = max(40, shutil.get_terminal_size().columns - 2)
        lines = [f"Hint {len(texts)} of {total} for task {task} (the first task not at full marks):"]
        lines += textwrap.wrap(texts[-1], width, initial_indent="  ", subsequent_indent="  ")
        if len(texts) < total:
            lines.append("(press h again for the next hint; `./course hint "
                         f"{self.number} {task} --all` shows them all)")
        return lines

    # -- the screen
    def paint(self, text: str, mood: str) -> str:
        codes = {"good": "32", "bad": "31", "same": "0", "dim": "2", "bold": "1"}
        return f"\033[{codes[mood]}m{text}\033[0m" if self.colour and mood != "same" else text

    def progress_bar(self, width: int) -> str:
        lab = self.result
        done = lab.earned / lab.possible if lab.possible else 0.0
        filled = round(done * width)
        bar = self.paint("#" * filled, "good") + "-" * (width - filled)
        passing = sum(t.counted and t.earned >= t.points for t in lab.tests)
        total = sum(t.counted for t in lab.tests)
        return f"Progress: [{bar}] {lab.earned:g} / {lab.possible:g} points, {passing} of {total} tests pass"

    def screen(self) -> list[str]:
        columns = max(60, shutil.get_terminal_size().columns) if self.interactive else 110
        title = self.result.title if self.result else f"Lab {self.number} · {title_of(self.folder / 'README.md')}"
        what = f"task {self.task} of " if self.task is not None else ""
        lines = [self.paint(title, "bold"),
                 self.paint(f"watching {what}{shown(self.folder)}/ (checked every {self.interval:g} s)", "dim"), ""]
        if self.result and self.panel_is_list:  # the list takes the table's place
            lines.append(self.progress_bar(min(40, columns - 50)))
        elif self.result:
            lines.append(self.progress_bar(min(40, columns - 50)))
            lines += [self.paint(f"  {text}", mood) for mood, text in self.changes]
            if self.result.possible and self.result.earned >= self.result.possible:
                done = f"Task {self.task} complete: its tests pass" if self.task is not None else \
                    "Lab complete: every test passes"
                lines.append(self.paint(f"  {done}! Press n for the next lab.", "good"))
            lines.append("")
            table = io.StringIO()
            hint = f"./course hint {self.number}" if not self.interactive else ""
            grader.print_table(self.result, out=table, hint_command=hint, width=columns - 1)
            lines += table.getvalue().rstrip("\n").splitlines()[2:]  # its title is the screen's
            lost = sorted({t.task for t in self.result.tests
                           if t.counted and t.earned < t.points and t.status != "build"})
            if self.interactive and lost and not self.panel:
                lines.append(f"  stuck? press h for a hint on task {lost[0]}")
        if self.failure:
            lines += ["", self.paint("Grading did not finish:", "bad")] + ["  " + l for l in self.failure.splitlines()]
        if self.panel:
            lines += [""] + self.panel
        return lines

    def footer(self) -> str:
        keys = self.KEYS if self.interactive else "Ctrl-C stops"
        return f"{self.status}  ·  {keys}" if self.status else keys

    def draw(self, only_status: bool = False) -> None:
        if not self.interactive:
            if not only_status and self.child is None:  # a log: print each grading once
                print("\n".join(self.screen()))
                print(f"\ncourse: waiting for a change in {shown(self.folder)}/ (Ctrl-C stops)", flush=True)
            return
        if only_status:  # rewrite the last line only
            sys.stdout.write("\r\033[K" + self.paint(self.footer()[:shutil.get_terminal_size().columns - 1], "dim"))
        else:
            body = "\n".join(self.screen())
            sys.stdout.write("\033[H\033[2J" + body + "\n\n" + self.paint(
                self.footer()[:shutil.get_terminal_size().columns - 1], "dim"))
        sys.stdout.flush()

    # -- the loop
    def run(self) -> int:
        self.start()
        next_look = time.monotonic() + self.interval
        while True:
            readers = ([sys.stdin] if self.interactive else []) + ([self.child.stderr] if self.child else [])
            ready, _, _ = select.select(readers, [], [], max(0.0, next_look - time.monotonic()))
            if self.child and self.child.stderr in ready:
                self.on_progress()
            if sys.stdin in ready:
                for key in os.read(sys.stdin.fileno(), 64).decode(errors="ignore"):
                    if not self.on_key(key):
                        return 0
            if time.monotonic() >= next_look:
                next_look = time.monotonic() + self.interval
                now = sources_snapshot(self.folder)
                if now != self.seen:  # a save: grade again (a grading under way is stale)
                    self.seen = now
                    self.start()

    def close(self) -> None:
        self.stop()
        self.result_file.unlink(missing_ok=True)


@contextlib.contextmanager
def keys_mode(interactive: bool):
    """Keys without Enter and no echo (cbreak: Ctrl-C still works); the terminal is put
    back as it was on the way out, and again after Ctrl-Z and `fg`."""
    if not interactive:
        yield
        return
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    previous = signal.signal(signal.SIGCONT, lambda *_: tty.setcbreak(fd))
    try:
        tty.setcbreak(fd)
        sys.stdout.write("\033[?25l")  # hide the cursor
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGCONT, previous)
        sys.stdout.write("\033[?25h\n")
        sys.stdout.flush()


def command_watch(args) -> int:
    number = lesson_number(args.lab)
    if number not in units("labs"):
        fail(f"lesson {number} has no lab", 2)
    if args.interval <= 0:
        fail("--interval must be more than 0 seconds", 2)
    manifest = configure(STUDENT)  # once, so a bad setup shows here rather than on every save
    tasks = grader.tasks_of(lab_entry(manifest, number))
    if args.task is not None and args.task not in tasks:
        fail(f"lab {number} has no task {args.task}; its tasks are {', '.join(map(str, tasks))}", 2)
    interactive = termios is not None and sys.stdin.isatty() and sys.stdout.isatty()
    grader.stop_on_sigterm()
    watcher = Watcher(number, args.task, args.interval, interactive)
    try:
        with keys_mode(interactive):
            watcher.run()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.close()
    print("course: stopped watching.")
    return 0


def take_hints(number: str, task: int, everything: bool = False) -> tuple[list[str], int]:
    """The hints of a task shown so far, one more than last time (or all of them), and
    how many the task has. Hints come one at a time, so a student can stop as soon as
    one is enough."""
    texts = hints_of(units("labs")[number] / "hints.md").get(task, [])
    if not texts:
        return [], 0
    state_file = build_dir(STUDENT) / "hints.json"
    try:
        state = json.loads(state_file.read_text())
    except (OSError, ValueError):
        state = {}
    key = f"{number}.{task}"
    shown_count = len(texts) if everything else min(state.get(key, 0) + 1, len(texts))
    state[key] = shown_count
    grader.write_atomically(str(state_file), json.dumps(state))
    return texts[:shown_count], len(texts)


def command_hint(args) -> int:
    number = lesson_number(args.lab)
    labs = units("labs")
    if number not in labs:
        fail(f"lesson {number} has no lab", 2)
    hints = hints_of(labs[number] / "hints.md")
    if args.task is None:
        for task, texts in sorted(hints.items()):
            print(f"Task {task}: {len(texts)} hint(s): ./course hint {number} {task}")
        return 0
    texts, total = take_hints(number, args.task, args.all)
    if not texts:
        fail(f"lab {number} has no hints for task {args.task}"
             + (f"; tasks with hints: {', '.join(map(str, sorted(hints)))}" if hints else ""), 2)
    for i, text in enumerate(texts, 1):
        print(f"Hint {i} of {total} for lab {number}, task {args.task}: {text}\n")
    if len(texts) < total:
        print("(run the same command again for the next hint)")
    return 0


# ---- list and reset ---------------------------------------------------------------------

def task_names(readme: Path) -> dict[int, str]:
    """Task number -> its name, from the lab README's "## Task 2 · `parallel_for` (7 points)"."""
    names = {}
    if readme.exists():
        for number, name in re.findall(r"^##\s+Task\s+(\d+)\s*[·:.-]?\s*(.*?)\s*(?:\(\d[^)]*\))?\s*$",
                                       readme.read_text(encoding="utf-8"), re.MULTILINE):
            names[int(number)] = name.replace("`", "")
    return names


def lab_rubric(number: str, folder: Path) -> list[grader.TestResult]:
    """The lab's graded tests, from the configured build's manifest if there is one, else
    straight from tests/NN-name/ (so `list` needs no build)."""
    manifest = build_dir(STUDENT) / "course-manifest.json"
    with contextlib.suppress(OSError, ValueError, KeyError):
        for lab in json.loads(manifest.read_text())["labs"]:
            if lab["lab"] == number:
                return grader.rubric(lab)
    sources = [str(p) for p in sorted((ROOT / "tests" / folder.name).glob("*.cpp"))]
    return grader.rubric({"binaries": [{"sources": sources}]})


def task_state(tests: list[dict]) -> str:
    """One task's state in a few words, from its tests' last grading."""
    counted = [t for t in tests if t["status"] != "skipped"]
    if not counted:
        return "skipped (too few cores)" if tests else "not graded"
    passing = sum(t["earned"] >= t["points"] for t in counted)
    if passing == len(counted):
        return "done"
    if all(t["status"] == "build" for t in counted):
        return "does not compile"
    if all(t["status"] == "not-implemented" for t in counted):
        return "not implemented yet"
    partial = any(0 < t["earned"] < t["points"] for t in counted)
    if len(counted) == 1:
        return "partial credit" if partial else counted[0]["status"].replace("-", " ")
    return f"{passing} of {len(counted)} tests pass" + (", partial credit" if partial else "")


def list_lines(compact: bool = False) -> list[str]:
    """Every lab, and under it each task with its points and state from the last grading."""
    labs = []
    for number, folder in units("labs").items():
        grades = saved_grades(number) or {}
        labs.append((number, folder, task_names(folder / "README.md"), lab_rubric(number, folder), grades,
                     {t["name"]: t for t in grades.get("tests", [])}))
    name_width = max([len(name) for lab in labs for name in lab[2].values()] + [8])
    lines = []
    for number, folder, names, rubric, grades, graded in labs:
        title = textwrap.shorten(title_of(folder / "README.md"), 44)
        tasks = sorted({t.task for t in rubric})
        if grades:
            score = f"{grades['earned']:g} / {grades['possible']:g} points"
            when = f"graded {grades.get('time', '')[:16]}"
        else:
            score, when = f"- / {sum(t.points for t in rubric):g} points", "not graded"
        lines.append(f"{number}  {title:<44} {score:>16}   {when}")
        states = []
        for task in tasks:
            mine = [t for t in rubric if t.task == task]
            results = [graded[t.name] for t in mine if t.name in graded]
            possible = sum(t.points for t in mine)
            earned = f"{sum(t['earned'] for t in results):g}" if results else "-"
            if compact:
                states.append(f"task {task} {earned}/{possible:g}")
                continue
            state = task_state(results) if len(results) == len(mine) else "not graded"
            lines.append(f"      task {task}  {names.get(task, ''):<{name_width}}  {earned:>5} / {possible:<3g} {state}")
        if compact:
            lines.append("      " + " · ".join(states))
    return lines


def command_list(args) -> int:
    print("\nThe labs, their tasks, and your points from the last `./course test` of each\n")
    for line in list_lines():
        print(line)
    print("\nGrade one: ./course test NN · grade on every save: ./course watch NN · a hint: ./course hint NN T")
    return 0


def git(*args: str, binary: bool = False):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=not binary)


def command_reset(args) -> int:
    number = lesson_number(args.lab)
    labs = units("labs")
    if number not in labs:
        fail(f"lesson {number} has no lab", 2)
    folder = labs[number]
    relative = shown(folder)
    if shutil.which("git") is None or git("rev-parse", "--git-dir").returncode != 0:
        fail("reset needs the course as a git clone: it restores the files from git's history")
    commit = git("rev-parse", "--short", "--verify", f"{args.source}^{{commit}}")
    if commit.returncode != 0:
        fail(f"git knows no commit '{args.source}'", 2)
    listed = git("ls-tree", "-r", "-z", "--name-only", args.source, "--", f"{relative}/")
    files = [name for name in listed.stdout.split("\0") if name]
    if not files:
        fail(f"{relative}/ is not in commit {commit.stdout.strip()}")
    changed = []
    for name in files:
        committed = git("show", f"{args.source}:{name}", binary=True).stdout
        path = ROOT / name
        if not path.exists() or path.read_bytes() != committed:
            changed.append((name, committed, "missing" if not path.exists() else "changed"))
    known = set(files)
    extra = sorted(shown(p) for p in folder.rglob("*") if p.is_file() and shown(p) not in known)
    if not changed:
        print(f"course: {relative}/ already matches commit {commit.stdout.strip()}: nothing to reset.")
        return 0
    print(f"Reset lab {number} to the files of commit {commit.stdout.strip()} ({args.source}). These differ from it:")
    for name, _, why in changed:
        print(f"  {name} ({why})")
    if extra:
        print(f"Kept as they are (git does not know them): {', '.join(extra)}")
    if not args.yes:
        try:
            answer = input("Your versions are backed up first. Reset? [y/N] ")
        except EOFError:  # no one to ask (a script, a pipe)
            print(f"\ncourse: no answer; `./course reset {number} --yes` resets without asking.")
            return 1
        if answer.strip().lower() not in ("y", "yes"):
            print("course: nothing was changed.")
            return 1
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = ROOT / "build" / "backups" / f"{number}-{stamp}"
    suffix = 2
    while backup.exists():
        backup = ROOT / "build" / "backups" / f"{number}-{stamp}-{suffix}"
        suffix += 1
    shutil.copytree(folder, backup)
    for name, committed, _ in changed:
        path = ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(committed)
    grades_file(number).unlink(missing_ok=True)  # the last grading was of the files just replaced
    print(f"course: restored {len(changed)} file(s) in {relative}/; your versions are in {shown(backup)}/")
    print(f"        (copy one back with: cp {shown(backup)}/<file> {relative}/)")
    return 0


def command_docs(args) -> int:
    configure(STUDENT)
    if not (build_dir(STUDENT) / "docs" / "Doxyfile").exists():
        fail("Doxygen was not found when configuring; run ./course setup (it installs doxygen)")
    build(STUDENT, ["docs"])
    index = build_dir(STUDENT) / "docs" / "html" / "index.html"
    print(f"course: the docs site is at {index}")
    if args.open:
        webbrowser.open(index.as_uri())
    return 0


def command_bench(args) -> int:
    """Lesson 11's benchmark: built in the student's preset, results in build/student/bench/results/."""
    def build_bench(targets: list[str]) -> Path:
        configure(STUDENT)
        build(STUDENT, targets)
        return build_dir(STUDENT) / "bench"
    return bench.command(args, build_bench, build_dir(STUDENT) / "bench" / "results")


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
    test.add_argument("--verbose", action="store_true",
                      help="show the output of every test that lost points (and the whole compiler log)")
    test.add_argument("--timeline", action="store_true",
                      help="draw what ran at the same time in your run, as pictures (SVG)")
    test.add_argument("--open", action="store_true", help="with --timeline: open the pictures in a browser")
    test.add_argument("--json", metavar="FILE", help=argparse.SUPPRESS)  # for watch
    sanitizers(test)
    grade = add("grade", command_grade, "grade every lab (or the ones named) and print the total")
    grade.add_argument("labs", nargs="*", help="lab numbers (default: all)")
    grade.add_argument("--results-json", metavar="FILE", help="also write Gradescope's results.json")
    grade.add_argument("--junit", metavar="FILE", help="also write JUnit XML")
    watch = add("watch", command_watch, "grade a lab again on every save, with a progress bar and keys "
                "(h hint, n next lab, l list, r re-run, q quit)")
    watch.add_argument("lab", help="lab number")
    watch.add_argument("--task", type=int, help="only this task's tests")
    watch.add_argument("--interval", type=float, default=1.0, help="seconds between looks (default 1)")
    add("list", command_list, "every lab's tasks with your points from the last grading")
    reset = add("reset", command_reset, "put a lab's files back as git's last commit has them (the stubs); "
                "your versions are backed up in build/backups/")
    reset.add_argument("lab", help="lab number")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.add_argument("--from", dest="source", default="HEAD", metavar="COMMIT",
                       help="the git commit to take the files from (default: HEAD, your last commit)")
    hint = add("hint", command_hint, "show a lab's hints, one more each time")
    hint.add_argument("lab", help="lab number")
    hint.add_argument("task", nargs="?", type=int, help="task number (without it: which tasks have hints)")
    hint.add_argument("--all", action="store_true", help="show every hint of the task at once")
    bench_command = add("bench", command_bench, "lesson 11: measure what every model costs on this machine "
                        "(table, CSV, JSON, plots); --quick takes under a minute")
    bench.add_arguments(bench_command)
    docs = add("docs", command_docs, "build the docs site (lessons, labs, API, demo sources)")
    docs.add_argument("--open", action="store_true", help="open it in a browser")
    check = add("check", command_check, "the course's own check, as CI runs it (slow: ~10 min)")
    check.add_argument("ctest_args", nargs=argparse.REMAINDER, help="extra ctest arguments, e.g. -R '^01\\.'")
    kit = add("instructor", instructor.command, "for instructors: build a Gradescope autograder or a GitHub Classroom workflow")
    instructor.add_arguments(kit)
    commands.add_parser("help", help="this help")

    # A flag a command does not know gets that command's usage, not the course's.
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        commands.choices.get(args.command, parser).error(f"unrecognized arguments: {' '.join(unknown)}")
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
