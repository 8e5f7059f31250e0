#!/usr/bin/env python3
"""`./course bench`: every model's costs on this machine, as a table, CSV, JSON and plots.

The measuring is C++ (lessons/11-choosing-a-model/bench/, the program course_bench); this
file runs it, draws its results with gnuplot (SVG) and compares two runs. Standalone:

    bench.py --check --binary PATH --out DIR   the course's check: run --quick, check the shape
    bench.py --docs IMAGES_DIR --results FILE  the docs site's plots (FILE, or the committed run)
    bench.py --compare A.json B.json           two runs side by side
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "11-choosing-a-model"
COMMITTED = LESSON / "bench" / "reference-results.json"  # a full run on the course's 2-core machine
SECTIONS = ["startup", "switch", "memory", "io", "cpu", "transfer", "python"]


# ---- reading results --------------------------------------------------------------------

def load(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != 1 or "rows" not in data:
        raise ValueError(f"{path} is not a course_bench results file")
    return data


def rows_of(results: dict) -> dict[str, dict]:
    return {row["id"]: row for row in results["rows"]}


def figure(row: dict | None) -> str:
    """A row's median formatted as the table does, or why it has none."""
    if row is None:
        return "(no such row)"
    if "median" not in row:
        return "skipped"
    return f"{row['median']:,.{row['decimals']}f} {row['unit']}"


def machine_line(results: dict) -> str:
    m = results["machine"]
    python = m["python"].split()[0] if m["python"][:1].isdigit() else f"({m['python']})"
    return (f"{m['cpu']}, {m['cores']['usable']} usable cores, {m['compiler']}, Boost {m['boost']}, "
            f"Python {python}; {results['date'][:10]}"
            f"{', --quick' if results.get('quick') else ''}")


# ---- plots --------------------------------------------------------------------------------

PLOTS = {  # file stem -> caption
    "startup": "Start-up: create one unit, let it finish, wait for it (µs, log scale)",
    "switch": "Switch: one round trip of control between two units (µs, log scale)",
    "memory": "Memory: resident KiB per live unit (log scale)",
    "io": "IO-bound: N tasks that each wait 10 ms; total time in units of one wait (log scales)",
    "cpu": "CPU-bound: speedup over the serial sum against the number of workers",
    "transfer": "Data transfer: time to hand over 1, 16 and 256 MiB (log scales)",
    "python": "The tutorial's examples: how many times longer Python takes than C++ (log scale)",
}

TWIN_NAMES = {  # python.<twin>.ratio -> its bar's name in the plot
    "threads_io": "threading: waits", "threads_cpu_serial": "threading: sum, 1", "threads_cpu": "threading: sum, P",
    "asyncio_gather": "asyncio.gather", "process": "Process", "map_serial": "map, serial", "pool_map": "Pool.map",
    "queue": "Queue", "pipe": "Pipe", "lock": "Lock", "chunked_serial": "sum(), serial",
    "chunked_pool": "sum in chunks", "futures": "ThreadPoolExecutor", "gevent": "gevent",
}

STYLE = """set terminal svg size 720,400 dynamic noenhanced font "DejaVu Sans,12" background rgb "white"
set border 3 lc rgb "#555555"
set tics nomirror
set grid ytics lc rgb "#dddddd"
set key top left noopaque
"""


def _data(series: list[tuple]) -> str:
    return "\n".join(" ".join(f'"{v}"' if isinstance(v, str) else f"{v:.9g}" for v in point) for point in series) + "\ne\n"


def _number(value: float) -> str:
    """A figure as a label on a bar: 3 significant digits, no exponent."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _bars(rows: dict, ids: list[tuple[str, str]], ylabel: str) -> str | None:
    """A bar per row (median), with its min-max as an error bar; None when none ran."""
    points = [(i, label, rows[rid]["median"], rows[rid]["min"], rows[rid]["max"], 0.6, _number(rows[rid]["median"]))
              for i, (rid, label) in enumerate((r, l) for r, l in ids if "median" in rows.get(r, {}))]
    if not points:
        return None
    return (STYLE + f'set ylabel "{ylabel}"\nset logscale y\nset style fill solid 0.7 border -1\n'
            "unset key\nset xrange [-0.6:%g]\n" % (len(points) - 0.4) +
            'plot "-" using 1:3:4:5:6:xtic(2) with boxerrorbars lc rgb "#3b6ea8" notitle, '
            '"-" using 1:5:7 with labels offset 0,0.8 notitle\n' +
            _data(points) + _data(points))


def _lines(curves: list[tuple[str, list[tuple[float, float, float, float]]]], xlabel: str, ylabel: str,
           extra: str = "", logx: bool = True, logy: bool = True) -> str | None:
    curves = [(title, pts) for title, pts in curves if pts]
    if not curves:
        return None
    script = STYLE + f'set xlabel "{xlabel}"\nset ylabel "{ylabel}"\n' + extra
    script += ("set logscale x\n" if logx else "") + ("set logscale y\n" if logy else "")
    script += "plot " + ", ".join(f'"-" using 1:2:3:4 with yerrorlines lw 2 pt 7 title "{title}"'
                                  for title, _ in curves) + "\n"
    return script + "".join(_data(pts) for _, pts in curves)


def plot_scripts(results: dict) -> dict[str, str]:
    """gnuplot scripts, one per plot that has data."""
    rows = rows_of(results)
    cores = results["machine"]["cores"]["usable"]

    def points(prefix: str, xs, scale: float = 1.0):
        return [(x, rows[f"{prefix}{x}"]["median"] / scale, rows[f"{prefix}{x}"]["min"] / scale,
                 rows[f"{prefix}{x}"]["max"] / scale) for x in xs if "median" in rows.get(f"{prefix}{x}", {})]

    counts = [10, 100, 1000, 10000]
    sizes = [1, 16, 256]
    speedups = points("cpu.speedup.threads.", range(1, cores + 1))
    scripts = {
        "startup": _bars(rows, [("startup.coroutine", "coroutine"), ("startup.fiber", "fiber"),
                                ("startup.thread", "thread"), ("startup.fork", "fork"),
                                ("startup.posix_spawn", "posix_spawn")], "µs per unit"),
        "switch": _bars(rows, [("switch.coroutine", "coroutine"), ("switch.fiber_yield", "fiber yield"),
                               ("switch.thread_cv", "threads (cv)"), ("switch.pipe", "processes (pipe)")],
                        "µs per round trip"),
        "memory": _bars(rows, [("memory.coroutines", "coroutine"), ("memory.fibers", "fiber"),
                               ("memory.threads", "thread"), ("memory.processes", "process")], "KiB per unit"),
        "io": _lines([("a thread each", points("io.threads.", counts, 10)),
                      ("pool of 8 threads", points("io.pool8.", counts, 10)),
                      ("fibers, 1 thread", points("io.fibers.", counts, 10)),
                      ("coroutines, 1 thread", points("io.coroutines.", counts, 10))],
                     "N tasks", "total time / one 10 ms wait"),
        "cpu": _lines([("std::thread, one chunk each", speedups)], "workers", "speedup over serial",
                      extra=(f"set xrange [0.5:{cores + 0.5}]\nset yrange [0:{cores + 0.5}]\nset xtics 1\n"
                             "set arrow from 0.5,0.5 to %g,%g nohead dt 2 lc rgb '#999999'\n" % (cores + 0.5, cores + 0.5)
                             + 'set label "dotted: the ideal, speedup = workers" at 0.6,0.25 tc rgb "#777777"\n'
                             + "".join(f'set label "{name} {rows[rid]["median"]:.2f}x" at {cores},{rows[rid]["median"]} '
                                       f'point pt 5 offset -1,{0.8 - 1.1 * k} right\n'
                                       for k, (rid, name) in enumerate([("cpu.speedup.openmp", "OpenMP"),
                                                                        ("cpu.speedup.process_pool", "process pool"),
                                                                        ("cpu.speedup.mpi", "MPI")])
                                       if "median" in rows.get(rid, {}))),
                      logx=False, logy=False) if speedups else None,
        "transfer": _lines([("thread (a pointer)", points("transfer.thread.", sizes)),
                            ("process, pipe", points("transfer.pipe.", sizes)),
                            ("process, shared memory", points("transfer.shm.", sizes)),
                            ("MPI rank", points("transfer.mpi.", sizes))], "MiB", "ms"),
        "python": _bars(rows, [(r["id"], TWIN_NAMES.get(r["id"].split(".")[1], r["id"].split(".")[1]))
                               for r in results["rows"] if r["id"].startswith("python.") and r["id"].endswith(".ratio")],
                        "Python time / C++ time"),
    }
    if scripts["python"]:
        scripts["python"] = scripts["python"].replace("size 720,400", "size 900,440").replace(
            "unset key", "set xtics rotate by -35\nset bmargin 8\nunset key")
    return {name: script for name, script in scripts.items() if script}


def draw(results: dict, folder: Path) -> list[Path]:
    """Writes bench-NAME.svg for every plot that has data; [] when gnuplot is missing."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("course: gnuplot not found, so no plots (./course setup installs gnuplot-nox)", file=sys.stderr)
        return []
    folder.mkdir(parents=True, exist_ok=True)
    drawn = []
    for name, script in plot_scripts(results).items():
        target = folder / f"bench-{name}.svg"
        done = subprocess.run([gnuplot], input=f'set output "{target}"\n' + script, text=True,
                              capture_output=True)
        if done.returncode != 0 or not target.exists():
            print(f"course: gnuplot could not draw {target.name}: {done.stderr.strip()[-300:]}", file=sys.stderr)
            continue
        drawn.append(target)
    return drawn


def docs_plots(images: Path, latest: Path) -> int:
    """The plots for lesson 11's page: from the student's latest run, else the committed one."""
    source = latest if latest.is_file() else COMMITTED
    results = load(source)
    drawn = draw(results, images)
    whose = ("your latest `./course bench`" if source == latest else
             "the course's reference run (run `./course bench`, then rebuild the docs, to see yours)")
    lines = [f"The plots below come from {whose}: {machine_line(results)}.", ""]
    for path in drawn:
        stem = path.stem.removeprefix("bench-")
        lines += [f'\\image html {path.name} "{PLOTS[stem]}"', ""]
    (images / "bench-plots.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"bench.py: {len(drawn)} plots from {source}")
    return 0


# ---- comparing two runs -------------------------------------------------------------------

def compare(a_path: Path, b_path: Path) -> int:
    a, b = load(a_path), load(b_path)
    rows_a, rows_b = rows_of(a), rows_of(b)
    print(f"A: {a_path}\n   {machine_line(a)}\nB: {b_path}\n   {machine_line(b)}\n")
    ids = [r["id"] for r in a["rows"]] + [r["id"] for r in b["rows"] if r["id"] not in rows_a]
    width = max(len((rows_a.get(rid) or rows_b[rid])["label"]) for rid in ids)
    if bool(a.get("quick")) != bool(b.get("quick")):
        print("One run is --quick and the other is not: rows that measured different amounts of work")
        print("(their notes differ) get no ratio, marked *.\n")
    print(f"  {'row':<{width}} {'A':>16} {'B':>16} {'B / A':>8}")
    for rid in ids:
        ra, rb = rows_a.get(rid), rows_b.get(rid)
        label = (ra or rb)["label"]
        ratio = ""
        if ra and rb and ra.get("note", "") != rb.get("note", ""):
            ratio = "*"  # another count or size: the medians are not the same measure
        elif ra and rb and "median" in ra and "median" in rb and ra["median"] > 0:
            ratio = f"{rb['median'] / ra['median']:.2f}"
        print(f"  {label:<{width}} {figure(ra):>16} {figure(rb):>16} {ratio:>8}")
    return 0


# ---- the course's check --------------------------------------------------------------------

def claims(results: dict) -> list[str]:
    """The lesson's headline figures, said in words (informative: a busy machine may miss them)."""
    rows = rows_of(results)

    def med(rid):
        return rows.get(rid, {}).get("median")

    said = []
    checks = [
        ("C++ map of sqrt(x**3) faster than Python's list comprehension", med("python.map_serial.ratio"), 50, "x"),
        ("std::thread create + join, µs (under 100)", med("startup.thread"), 100, "<"),
        ("Boost.Fiber create + join, µs (under 1)", med("startup.fiber"), 1, "<"),
        ("10 000 coroutine waits of 10 ms, ms (under 12)", med("io.coroutines.10000"), 12, "<"),
        ("OpenMP speedup (at least 1.8 on 2 free cores)", med("cpu.speedup.openmp"), 1.8, ">="),
    ]
    for words, value, bound, how in checks:
        if value is None:
            said.append(f"  {words}: not measured")
            continue
        held = value < bound if how == "<" else value >= bound
        said.append(f"  {words}: {value:.3g}{'x' if how != '<' else ''} ({'holds' if held else 'not this run'})")
    return said


def check(binary: Path, out: Path) -> int:
    """Runs the quick benchmark and checks its shape; exit 0 only when every row is accounted for."""
    problems = []
    for bad in (["no_such_section"], ["--rounds", "many"], ["--rounds", "0"], ["--frobnicate"]):
        done = subprocess.run([str(binary), *bad], capture_output=True, text=True, timeout=30)
        if done.returncode != 2 or "usage:" not in done.stderr:
            problems.append(f"`course_bench {' '.join(bad)}` exited {done.returncode} without the usage line, not 2")
    done = subprocess.run([str(binary), "--quick", "--out", str(out)], capture_output=True, text=True, timeout=200)
    sys.stdout.write(done.stdout)
    if done.returncode != 0:
        problems.append(f"course_bench --quick exited {done.returncode}: {done.stderr.strip()[-500:]}")
    else:
        results = load(out / "results.json")
        if not (out / "results.csv").read_text(encoding="utf-8").startswith("id,label,unit,median"):
            problems.append("results.csv has no header")
        seen = {r["id"].split(".")[0] for r in results["rows"]}
        problems += [f"no row of section {s}" for s in SECTIONS if s not in seen]
        for row in results["rows"]:
            if row.get("skipped"):
                continue
            if not row["values"] or any(not math.isfinite(v) or v <= 0 for v in row["values"]):
                problems.append(f"{row['id']}: no skip reason and no positive figures ({row['values']})")
            elif row["label"] not in done.stdout:
                problems.append(f"{row['id']}: not in the printed table")
        for row in results["rows"]:
            if row.get("skipped") and len(row["skipped"]) < 8:
                problems.append(f"{row['id']}: skipped without a reason a reader understands: {row['skipped']!r}")
        skipped = [r for r in results["rows"] if r.get("skipped")]
        print(f"\nbench.py: {len(results['rows'])} rows, {len(skipped)} skipped, measured in {results['seconds']:.0f} s")
        for row in skipped:
            print(f"  skipped {row['id']}: {row['skipped']}")
        print("The lesson's headline figures in this run:\n" + "\n".join(claims(results)))
        if shutil.which("gnuplot"):
            drawn = draw(results, out / "plots")
            if len(drawn) != len(plot_scripts(results)):
                problems.append("gnuplot failed on some plots")
    for problem in problems:
        print(f"bench.py: FAILED: {problem}")
    return 1 if problems else 0


# ---- `./course bench` ----------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sections", nargs="*", metavar="SECTION",
                        help=f"only these: {' '.join(SECTIONS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller counts (under a minute)")
    parser.add_argument("--rounds", metavar="N", help="repetitions of every row, 1 to 50 (default 7, --quick 3)")
    parser.add_argument("--no-python", action="store_true", help="leave out the Python programs")
    parser.add_argument("--compare", nargs=2, metavar=("A.json", "B.json"), help="print two saved runs side by side")
    parser.set_defaults(bench_parser=parser)  # a bad argument gets this usage line and exit code 2


def command(args, build, results_dir: Path) -> int:
    """The CLI's `bench`: `build(targets)` builds in the student's preset and returns the bench folder."""
    if args.compare:
        try:
            return compare(Path(args.compare[0]), Path(args.compare[1]))
        except (OSError, ValueError, KeyError) as error:
            print(f"course: cannot compare: {error}", file=sys.stderr)
            return 2
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:  # error() prints the usage line and exits with 2
        args.bench_parser.error(f"no benchmark section is called {unknown[0]!r}; the sections are: {' '.join(SECTIONS)}")
    if args.rounds is not None and not (args.rounds.isdigit() and 1 <= int(args.rounds) <= 50):
        args.bench_parser.error(f"--rounds takes a whole number from 1 to 50, not {args.rounds!r}")
    binary = build(["course_bench", "bench_helper"]) / "course_bench"
    options = (["--quick"] if args.quick else []) + (["--rounds", args.rounds] if args.rounds else [])
    options += ["--no-python"] if args.no_python else []
    code = subprocess.run([str(binary), *options, "--out", str(results_dir), *args.sections]).returncode
    if code != 0:
        return code
    drawn = draw(load(results_dir / "results.json"), results_dir)
    shown = results_dir.relative_to(ROOT) if results_dir.is_relative_to(ROOT) else results_dir
    print(f"\ncourse: saved {shown}/results.json and results.csv" +
          (f", and {len(drawn)} plots (bench-*.svg) there" if drawn else "") +
          "; `./course docs` puts the plots on lesson 11's page; "
          "`./course bench --compare A.json B.json` compares two runs.")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--binary", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--docs", type=Path, metavar="IMAGES_DIR")
    parser.add_argument("--results", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args(argv)
    if args.check and args.binary and args.out:
        return check(args.binary, args.out)
    if args.docs and args.results:
        return docs_plots(args.docs, args.results)
    if args.compare:
        return compare(*args.compare)
    parser.print_usage(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
