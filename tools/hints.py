"""The one reader of labs/NN-name/hints.md, for `./course hint` and the docs site.

A hints file has a '## Task T' heading per task, then a numbered list, one hint per item;
continuation lines are indented. Each hint comes back as one line (Doxygen 1.9.4 breaks
code spans that cross lines).
"""
from __future__ import annotations

import re
from pathlib import Path


def hints_of(hints_file: Path) -> dict[int, list[str]]:
    hints: dict[int, list[str]] = {}
    task = None
    if not hints_file.exists():
        return hints
    for line in hints_file.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"##\s+Task\s+(\d+)", line)
        item = re.match(r"\d+\.\s+(.*)", line)
        if heading:
            task = int(heading.group(1))
        elif line.startswith("#"):
            task = None
        elif task is not None and item:
            hints.setdefault(task, []).append(item.group(1).strip())
        elif task is not None and line.startswith(" ") and line.strip() and hints.get(task):
            hints[task][-1] += " " + line.strip()
    return hints
