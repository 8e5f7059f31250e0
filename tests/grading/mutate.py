#!/usr/bin/env python3
"""Builds a mutant: a reference solution with one classic bug put in.

A mutant file (tests/NN-name/mutants/NAME.mutant) holds only the bug, as blocks of the
solution and what they become:

    # Comment lines first: what the bug is, and the tests it must lose, as
    # EXPECT-LOSS: Suite.Test: <regex of the grader's reason>
    # MAY-LOSE: Suite.Test: <regex>   (only where the bug shows in some interleavings)
    --- solution
        for (auto& worker : workers_) worker.join();
    +++ mutant
        tasks_.clear();  // BUG: queued work is thrown away
        for (auto& worker : workers_) worker.join();

Every `--- solution` block must appear exactly once in the solution, so a mutant never
silently drifts from the solution it breaks: if the solution changes under it, building
the mutant stops with a message naming the block to update.

usage: mutate.py SOLUTION MUTANT OUTPUT
"""
from __future__ import annotations

import sys
from pathlib import Path


def hunks(mutant_text: str, name: str) -> list[tuple[str, str]]:
    """The (solution block, mutant block) pairs of a mutant file."""
    pairs: list[tuple[str, str]] = []
    side = None
    before: list[str] = []
    after: list[str] = []
    for line in mutant_text.splitlines(keepends=True):
        marker = line.rstrip("\n")
        if marker == "--- solution":
            if side == "mutant":
                pairs.append(("".join(before), "".join(after)))
            side, before, after = "solution", [], []
        elif marker == "+++ mutant":
            if side != "solution":
                raise SystemExit(f"{name}: '+++ mutant' must follow a '--- solution' block")
            side = "mutant"
        elif side == "solution":
            before.append(line)
        elif side == "mutant":
            after.append(line)
        elif line.strip() and not line.startswith("#"):
            raise SystemExit(f"{name}: before the first '--- solution', only '#' comment lines may stand")
    if side == "solution":
        raise SystemExit(f"{name}: the last '--- solution' block has no '+++ mutant' block")
    if side == "mutant":
        pairs.append(("".join(before), "".join(after)))
    if not pairs:
        raise SystemExit(f"{name}: no '--- solution' / '+++ mutant' blocks")
    return pairs


def apply(solution_text: str, mutant_text: str, name: str) -> str:
    for number, (before, after) in enumerate(hunks(mutant_text, name), 1):
        count = solution_text.count(before)
        if count != 1:
            where = "is no longer in" if count == 0 else f"appears {count} times in"
            raise SystemExit(f"{name}: block {number} of the solution {where} the solution; "
                             f"update the mutant to match the solution:\n{before}")
        solution_text = solution_text.replace(before, after)
    return solution_text


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    solution, mutant, output = map(Path, argv[1:])
    text = apply(solution.read_text(), mutant.read_text(), str(mutant))
    output.parent.mkdir(parents=True, exist_ok=True)
    if not output.exists() or output.read_text() != text:  # unchanged: no rebuild
        output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
