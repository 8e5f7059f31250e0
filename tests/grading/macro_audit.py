#!/usr/bin/env python3
"""Refuses a lab whose headers define macros that would change what the graded tests say.

A graded test includes the student's header before its own code, so a macro defined
there (`#define EXPECT_EQ(a, b)`, `#define parallel_sum cheat`) could rewrite the test.
This runs the preprocessor over each header of the student's lab folder, keeps the
macros defined (or undefined) in the student's own files, and fails the build when one
of them is a name the tests use: any word of the test sources, and every GoogleTest or
grading macro with every word of their definitions. Macros of system headers (Boost's,
say) are not the student's and are left alone.

usage: macro_audit.py --cxx CXX --lab-dir DIR --include-dirs "a;b" --tests "t1.cpp;t2.cpp" --stamp FILE
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

WORD = re.compile(r"\b[A-Za-z_]\w*\b")
LINEMARKER = re.compile(r'^# \d+ "(.*)"')
DIRECTIVE = re.compile(r"^#\s*(define|undef)\s+([A-Za-z_]\w*)")


def preprocess(cxx: str, includes: list[str], source: Path, mode: str) -> str:
    command = [cxx, "-std=c++20", "-E", mode, *[f"-I{d}" for d in includes], "-x", "c++", str(source)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return ""  # the compiler will say why, with the real flags, when it builds the tests
    return result.stdout


def student_macros(cxx: str, includes: list[str], header: Path, lab_dir: Path) -> dict[str, str]:
    """name -> "file:line" of each macro the student's files define or undefine."""
    found: dict[str, str] = {}
    current = ""
    line_number = 0
    for line in preprocess(cxx, includes, header, "-dD").splitlines():
        marker = LINEMARKER.match(line)
        if marker:
            current = marker.group(1)
            line_number = int(line.split()[1]) - 1
            continue
        line_number += 1
        directive = DIRECTIVE.match(line)
        if directive and current and Path(current).resolve().is_relative_to(lab_dir):
            found.setdefault(directive.group(2), f"{Path(current).name}:{line_number}")
    return found


def protected_names(cxx: str, includes: list[str], tests: list[Path]) -> set[str]:
    names: set[str] = set()
    for test in tests:
        names.update(WORD.findall(test.read_text()))
    with tempfile.TemporaryDirectory() as scratch:
        harness = Path(scratch) / "harness.cpp"
        harness.write_text("#include <gtest/gtest.h>\n#include \"grading/graded_test.hpp\"\n")
        for definition in preprocess(cxx, includes, harness, "-dM").splitlines():
            if definition.startswith("#define ") and not definition.startswith("#define __"):
                names.update(WORD.findall(definition[len("#define "):]))
    return names


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cxx", required=True)
    parser.add_argument("--lab-dir", required=True)
    parser.add_argument("--include-dirs", default="")
    parser.add_argument("--tests", required=True)
    parser.add_argument("--stamp", required=True)
    args = parser.parse_args()

    lab_dir = Path(args.lab_dir).resolve()
    includes = [d for d in args.include_dirs.split(";") if d]
    headers = sorted(p for p in lab_dir.iterdir() if p.suffix in (".hpp", ".h", ".hh"))
    tests = [Path(t) for t in args.tests.split(";") if t]
    if headers:
        protected = protected_names(args.cxx, includes, tests)
        problems = []
        for header in headers:
            for name, where in student_macros(args.cxx, includes, header, lab_dir).items():
                if name in protected:
                    problems.append(f"{lab_dir.name}/{where}: error: the macro `{name}` is a name the graded "
                                    f"tests use, so it would change what they check; rename it (or use a "
                                    f"constant or a function)")
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
    Path(args.stamp).write_text("ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
