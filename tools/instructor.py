"""`./course instructor`: the instructor's kit (see docs/grading.md).

  gradescope   builds a Gradescope autograder zip: the course's sources with
               setup.sh (installs the course's packages) and run_autograder (copies the
               student's lab files over the stubs and grades them into
               /autograder/results/results.json, Gradescope's documented format)
  classroom    writes a GitHub Classroom workflow that grades each lab as its own step,
               so a class gets partial credit lab by lab
  run-autograder  what run_autograder calls (also used by the course's check, in a scratch
               folder laid out as Gradescope lays out /autograder)
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image.
set -euo pipefail
cd /autograder/source
apt-get update -qq
./course install
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. AUTOGRADER_ROOT lets the course's own check
# run it in a scratch folder laid out like /autograder.
set -uo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
exec python3 "$root/source/tools/instructor.py" run-autograder --root "$root" LABS
"""


def lab_folders() -> dict[str, Path]:
    return {p.name[:2]: p for p in sorted((ROOT / "labs").glob("[0-9][0-9]-*")) if p.is_dir()}


def tracked_files() -> list[Path]:
    """The course's own files (what git tracks), never build outputs."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / name for name in listing.stdout.decode().split("\0") if name and (ROOT / name).is_file()]


def build_gradescope_zip(output: Path, labs: list[str]) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in tracked_files():
            info = zipfile.ZipInfo.from_file(path, str(path.relative_to(ROOT)))
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER.replace("LABS", " ".join(labs)))):
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            archive.writestr(info, text)
    return output


def find_submitted(submission: Path, folder: Path, name: str) -> Path | None:
    """A lab file in a submission: at labs/NN-name/<file> (a clone of the course), in a
    folder named like the lab, or alone at the top (files dragged into Gradescope)."""
    for candidate in (submission / "labs" / folder.name / name, submission / folder.name / name, submission / name):
        if candidate.is_file():
            return candidate
    matches = [p for p in submission.rglob(name) if folder.name in p.parts]
    return matches[0] if matches else None


def run_autograder(root: Path, labs: list[str]) -> int:
    """Copies the student's files (only the lab files the course hands out, never tests)
    over the stubs, then grades with `./course grade`, which writes results.json whatever
    happens."""
    source, submission, results = root / "source", root / "submission", root / "results"
    results.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(source / "tests" / "grading"))
    chosen = labs or sorted(lab_folders_in(source))
    copied = []
    for number in chosen:
        folder = lab_folders_in(source).get(number)
        if folder is None:
            continue
        for stub in sorted(folder.iterdir()):
            if stub.suffix in (".cpp", ".hpp", ".h", ".md") and stub.name != "README.md" and stub.name != "hints.md":
                found = find_submitted(submission, folder, stub.name)
                if found:
                    shutil.copyfile(found, stub)
                    copied.append(f"{folder.name}/{stub.name}")
    print(f"autograder: took {len(copied)} file(s) from the submission: {', '.join(copied) or 'none'}")
    command = [str(source / "course"), "grade", *chosen, "--results-json", str(results / "results.json")]
    return subprocess.run(command, cwd=source).returncode


def lab_folders_in(source: Path) -> dict[str, Path]:
    return {p.name[:2]: p for p in sorted((source / "labs").glob("[0-9][0-9]-*")) if p.is_dir()}


def classroom_workflow(labs: list[str]) -> str:
    """One step per lab with GitHub Classroom's command grader: a lab that earns full
    marks passes its step and scores its points."""
    sys.path.insert(0, str(ROOT / "tests" / "grading"))
    import grade  # noqa: E402  (beside this file)
    steps, runners = [], []
    for number, folder in lab_folders().items():
        if labs and number not in labs:
            continue
        tests = ROOT / "tests" / folder.name
        sources = [str(p) for p in sorted(tests.glob("*_test.cpp"))]
        possible = sum(t.points for t in grade.rubric({"binaries": [{"sources": sources}]}))
        step = f"lab-{number}"
        runners.append(step)
        steps.append(f"""    - name: Lab {number}
      id: {step}
      uses: classroom-resources/autograding-command-grader@v1
      with:
        test-name: Lab {number} ({folder.name})
        command: ./course test {number}
        timeout: 15
        max-score: {possible:g}
""")
    environment = "".join(f'        {r.upper()}_RESULTS: "${{{{steps.{r}.outputs.result}}}}"\n' for r in runners)
    return f"""# Written by `./course instructor classroom`: grades each lab of the course as its own
# step, so a student's score adds up lab by lab. The build and the packages come first.
name: Autograding
on: [push, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  grade:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
    - uses: actions/checkout@v4
    - name: Install and build the course
      run: ./course setup
{''.join(steps)}    - name: Report
      uses: classroom-resources/autograding-grading-reporter@v1
      env:
{environment}      with:
        runners: {','.join(runners)}
"""


def add_arguments(parser) -> None:
    parser.add_argument("kit", choices=["gradescope", "classroom"], help="what to build")
    parser.add_argument("labs", nargs="*", help="lab numbers (default: every lab)")
    parser.add_argument("--output", help="where to write it (default: build/gradescope-autograder.zip, "
                                         "or .github/workflows/classroom.yml)")


def command(args) -> int:
    labs = [n.zfill(2) for n in args.labs]
    unknown = [n for n in labs if n not in lab_folders()]
    if unknown:
        print(f"course: no lab {', '.join(unknown)}; labs: {', '.join(lab_folders())}", file=sys.stderr)
        return 2
    if args.kit == "gradescope":
        output = Path(args.output or ROOT / "build" / "gradescope-autograder.zip")
        build_gradescope_zip(output, labs)
        print(f"course: wrote {output}: upload it as the assignment's autograder (see docs/grading.md)")
    else:
        output = Path(args.output or ROOT / ".github" / "workflows" / "classroom.yml")
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(classroom_workflow(labs))
        print(f"course: wrote {output}: commit it to the assignment's template repository")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[1] == "run-autograder" and argv[2] == "--root":
        return run_autograder(Path(argv[3]), [n.zfill(2) for n in argv[4:]])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
