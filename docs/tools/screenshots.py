#!/usr/bin/env python3
"""Opens the docs site in headless Chromium (Debian's `chromium`) and keeps screenshots of
what a student sees: the home page, a lesson with its timeline picture, a lab, and a
search for a word of the lessons. Also proves, in the browser, that the search finds it.

    screenshots.py HTML_DIR OUT_DIR

Exit code 77 (CTest: skipped) when no Chromium is installed.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=1500"]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def run(browser: str, *args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="course-chromium-") as profile:  # a fresh profile each time
        return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=90)


def first_timeline_section(html: Path, page: str) -> str:
    """The anchor of the heading just before the page's first timeline picture."""
    text = (html / page).read_text(encoding="utf-8")
    picture = text.find('data="timeline-')
    anchors = re.findall(r'<a class="anchor" id="([^"]+)"></a>', text[:picture]) if picture > 0 else []
    return anchors[-1] if anchors else ""


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: screenshots.py HTML_DIR OUT_DIR", file=sys.stderr)
        return 2
    html, out = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    browser = chromium()
    if browser is None:
        print("screenshots: skipped, no Chromium here (sudo apt-get install chromium)")
        return 77
    lesson = next((p.name for p in sorted(html.glob("lesson_*.html")) if first_timeline_section(html, p.name)), None)
    lab = next((p.name for p in sorted(html.glob("lab_*.html"))), None)
    if not lesson or not lab:
        print(f"screenshots: the site in {html} has no lesson with a timeline picture or no lab")
        return 1
    shots = {
        "home": ("index.html", 1280, 1000),
        "lesson-timeline": (f"{lesson}#{first_timeline_section(html, lesson)}", 1280, 1500),
        "lab": (lab, 1280, 1100),
        "search-deadlock": ("index.html?q=deadlock", 1280, 900),
    }
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    for name, (page, width, height) in shots.items():
        png = out / f"{name}.png"
        png.unlink(missing_ok=True)
        result = run(browser, f"--window-size={width},{height}", f"--screenshot={png}", (html / page).as_uri()
                     if "?" not in page and "#" not in page else html.as_uri() + "/" + page)
        if not png.exists() or png.stat().st_size < 10_000:
            print(f"screenshots: no picture of {page}: {result.stderr.strip()[-400:]}")
            failed = True
        else:
            print(f"screenshots: {png} ({png.stat().st_size // 1024} KiB) shows {page}")
    # The search, run by the browser itself: a lesson must come up for each word.
    for word in ("deadlock", "mutex"):
        dom = run(browser, "--dump-dom", html.as_uri() + f"/index.html?q={word}").stdout
        hits = re.findall(r'class="course-hit" href="([^"]+)"', dom)
        if not any(hit.startswith("lesson_") for hit in hits):
            print(f"screenshots: searching {word!r} in the browser found no lesson (hits: {hits[:5]})")
            failed = True
        else:
            print(f"screenshots: searching {word!r} in the browser: {len(hits)} hits, first {hits[0]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
