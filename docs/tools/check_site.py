#!/usr/bin/env python3
"""Checks the generated docs site the way a careful reader would, and fails on any defect.

    check_site.py SOURCE_DIR HTML_DIR

- rendering: no literal HTML tags, markdown markers (**, `, ](...)) or stray backslashes in
  the text a reader sees, page titles and the navigation tree included;
- links: every local href/src points at a file that exists, and every #anchor at an id
  in it (the navigation tree's links too);
- reading order: each lesson's demo-sources page lists the demos in the order of the
  course_demo calls in lessons/NN-*/CMakeLists.txt, and the lesson page links to each;
- navigation: every lesson, demo-sources and lab page has previous and next links, and
  following "next" from the first lesson walks lesson -> demos -> lab -> next lesson;
- content: every lab's hints (labs/NN-*/hints.md) are on its page, one click each, and
  none is left in its README; every review question unfolds (<details>); every timeline
  marker became a picture; the full-text search index finds words of the lessons.
Independent of docs/tools/pages.py on purpose: it reads the sources and the HTML only.
"""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

LITERAL_TAG = re.compile(r"</?(tt|code|b|strong|em|i|details|summary|a|br|p|div|span|img|pre|kbd|h\d)\b[^>]*>", re.I)
MARKDOWN = re.compile(r"\*\*|`|\]\(|^\s*#{1,6}\s|(?<![\w*])\*[^\s*][^*]*(?<=\S)\*(?![\w*])")
# A backslash before punctuation is an escape Doxygen did not consume (deadlock\; ...);
# "\n" in a quoted C string is text a reader should see.
BACKSLASH = re.compile(r"\\[!#$%&()*+,\-./:;<=>?@\[\]^_`{|}~]")
EXTERNAL = re.compile(r"^(https?:|mailto:|javascript:|data:)", re.I)
SKIP_TEXT = {"pre", "code", "script", "style", "tt", "kbd", "svg"}
# Doxygen's classes for code: source lines and declarations (`char **argv` is C++ there).
CODE_CLASSES = {"fragment", "line", "memname", "memproto", "memItemLeft", "memItemRight",
                "memTemplItemLeft", "memTemplItemRight", "memTemplParams", "paramtype", "paramname"}
VOID = {"br", "img", "hr", "input", "link", "meta", "area", "base", "col", "embed", "source", "wbr"}


class Page(HTMLParser):
    """The parts of one HTML page the checks need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, inside code-like content)
        self.rel: dict[str, str] = {}             # rel=prev/next -> href, inside nav.course-nav
        self.in_nav = 0
        self.details: dict[str, int] = {}
        self.images: list[str] = []
        self.anchors_in_order: list[str] = []

    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("id"):
            self.anchors_in_order.append(a["id"])
        for key in ("href", "src", "data"):
            if a.get(key) and tag in ("a", "img", "script", "link", "object", "iframe"):
                self.links.append(a[key])
        if tag in ("img", "object"):
            self.images.append(a.get("src") or a.get("data") or "")
        if tag == "details":
            for c in classes:
                self.details[c] = self.details.get(c, 0) + 1
        if tag == "nav" and "course-nav" in classes:
            self.in_nav += 1
        if self.in_nav and tag == "a" and a.get("rel") in ("prev", "next"):
            self.rel.setdefault(a["rel"], a.get("href", ""))
        if tag in VOID:
            return
        code = self.skipping() or tag in SKIP_TEXT or bool(CODE_CLASSES.intersection(classes))
        self.stack.append((tag, code))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.in_nav:
            self.in_nav -= 1
        for k in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed tags
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping() and data.strip():
            self.texts.append(data)


class Checker:
    def __init__(self, source: Path, html: Path) -> None:
        self.source = source
        self.html = html
        self.defects: list[str] = []
        self.pages: dict[str, Page] = {}

    def page(self, name: str) -> Page | None:
        if name not in self.pages:
            path = self.html / name
            if not path.is_file():
                return None
            parsed = Page()
            parsed.feed(path.read_text(encoding="utf-8", errors="replace"))
            self.pages[name] = parsed
        return self.pages[name]

    def defect(self, where: str, what: str) -> None:
        self.defects.append(f"{where}: {what}")

    # ---- rendering -------------------------------------------------------------------
    def check_text(self, name: str, text: str) -> None:
        for pattern, what in ((LITERAL_TAG, "literal HTML tag"), (MARKDOWN, "raw markdown marker"),
                              (BACKSLASH, "stray backslash")):
            found = pattern.search(text)
            if found:
                start = max(0, found.start() - 30)
                self.defect(name, f"{what} {found.group(0)!r} in the text: ...{text[start:found.end() + 30].strip()!r}")

    def check_rendering(self) -> None:
        for path in sorted(self.html.glob("*.html")):
            page = self.page(path.name)
            for text in page.texts:
                self.check_text(path.name, text)
        for path in sorted(self.html.glob("navtree*.js")):  # the titles in the side tree
            for title in re.findall(r'\[\s*"((?:[^"\\]|\\.)*)"\s*,', path.read_text(encoding="utf-8")):
                if re.search(r"<|&lt;|\*\*|`", title):
                    self.defect(path.name, f"literal markup in a navigation title: {title!r}")

    # ---- links -----------------------------------------------------------------------
    def check_link(self, where: str, link: str) -> None:
        if not link or EXTERNAL.match(link) or link.startswith("$"):
            return
        path, _, fragment = link.partition("#")
        path = unquote(path)
        if path.startswith("not-on-the-site/"):
            self.defect(where, f"link to {path.partition('/')[2]!r}: the source links to a file that is not a page of the site")
            return
        if re.match(r"^[A-Za-z][\w+.-]*:", path):
            self.defect(where, f"link to {link!r}: not a file of the site")
            return
        target = (self.html / path).resolve() if path else (self.html / where).resolve()
        if not target.is_file():
            self.defect(where, f"broken link to {link!r}: no such file")
            return
        if fragment and target.suffix == ".html":
            page = self.page(target.relative_to(self.html.resolve()).as_posix())
            if page is not None and fragment not in page.ids:
                self.defect(where, f"broken anchor in {link!r}: {target.name} has no id {fragment!r}")

    def check_links(self) -> None:
        for path in sorted(self.html.glob("*.html")):
            for link in self.page(path.name).links:
                self.check_link(path.name, link)
        for path in sorted(self.html.glob("navtree*.js")):
            for link in re.findall(r'"([^"\s]+\.html(?:#[^"]*)?)"', path.read_text(encoding="utf-8")):
                self.check_link(path.name, link)

    # ---- the course's structure -------------------------------------------------------
    def demos_in_cmake(self, lesson: Path) -> list[str]:
        cmake = lesson / "CMakeLists.txt"
        text = re.sub(r"#.*", "", cmake.read_text(encoding="utf-8")) if cmake.exists() else ""
        return re.findall(r"^\s*course_demo\(\s*([A-Za-z0-9_]+)", text, re.M)

    def check_structure(self) -> None:
        chain: list[str] = []
        for lesson in sorted(self.source.glob("lessons/[0-9][0-9]-*/")):
            nn = lesson.name[:2]
            readme = lesson / "README.md"
            demos = self.demos_in_cmake(lesson)
            if readme.exists():
                chain.append(f"lesson_{nn}.html")
                self.check_lesson(nn, readme, demos)
            if demos:
                chain.append(f"demos_{nn}.html")
                self.check_demo_order(nn, demos)
            lab = self.source / "labs" / lesson.name
            if (lab / "README.md").exists():
                chain.append(f"lab_{nn}.html")
                self.check_lab(nn, lab)
        self.check_navigation(chain)

    def check_lesson(self, nn: str, readme: Path, demos: list[str]) -> None:
        name = f"lesson_{nn}.html"
        page = self.page(name)
        if page is None:
            self.defect(name, f"missing: {readme.relative_to(self.source)} has no page")
            return
        for demo in demos:
            if not any(link.endswith(f"demos_{nn}.html#demos_{nn}-{demo}") for link in page.links):
                self.defect(name, f"no link to the source of demo {demo}")
        text = readme.read_text(encoding="utf-8")
        questions = len(re.findall(r"<details\b", text))
        if page.details.get("review", 0) != questions:
            self.defect(name, f"{questions} review questions in the README, "
                              f"{page.details.get('review', 0)} that unfold on the page")
        for demo in re.findall(r"<!--\s*timeline:\s*(\w+)\s*-->", text):
            picture = f"timeline-{nn}-{demo}.svg"
            if picture not in page.images:
                self.defect(name, f"the timeline picture of {demo} is not on the page")
            elif "<svg" not in (self.html / picture).read_text(encoding="utf-8", errors="replace")[:500]:
                self.defect(name, f"{picture} is not an SVG picture")

    def check_demo_order(self, nn: str, demos: list[str]) -> None:
        name = f"demos_{nn}.html"
        page = self.page(name)
        if page is None:
            self.defect(name, "missing: the lesson has demos but no demo-sources page")
            return
        prefix = f"demos_{nn}-"
        shown = [a[len(prefix):] for a in page.anchors_in_order if a.startswith(prefix) and a[len(prefix):] in demos]
        if shown != demos:
            self.defect(name, f"demos out of reading order: the page has {shown}, "
                              f"lessons/{nn}-*/CMakeLists.txt has {demos}")

    def check_lab(self, nn: str, lab: Path) -> None:
        name = f"lab_{nn}.html"
        page = self.page(name)
        if page is None:
            self.defect(name, f"missing: labs/{lab.name}/README.md has no page")
            return
        readme = (lab / "README.md").read_text(encoding="utf-8")
        if re.search(r"\*\*Hint:?\*\*|^>\s*Hint", readme, re.M):
            self.defect(f"labs/{lab.name}/README.md", "a hint in the README: hints live in hints.md")
        hints_file = lab / "hints.md"
        if not hints_file.exists():
            self.defect(f"labs/{lab.name}", "no hints.md")
            return
        hints = hints_file.read_text(encoding="utf-8")
        count = len(re.findall(r"^\d+\.\s", hints, re.M))
        if page.details.get("hint", 0) != count:
            self.defect(name, f"{count} hints in hints.md, {page.details.get('hint', 0)} behind a click on the page")
        for task in re.findall(r"^##\s+Task\s+(\d+)", hints, re.M):
            if f"./course hint {nn} {task}" not in readme:
                self.defect(f"labs/{lab.name}/README.md", f"task {task} has hints but no `./course hint {nn} {task}`")

    def check_navigation(self, chain: list[str]) -> None:
        for name in chain:
            page = self.page(name)
            if page is None:
                continue
            for rel in ("prev", "next"):
                if not page.rel.get(rel):
                    self.defect(name, f"no {'previous' if rel == 'prev' else 'next'} link")
        for before, after in zip(chain, chain[1:]):
            a, b = self.page(before), self.page(after)
            if a and a.rel.get("next") != after:
                self.defect(before, f"next goes to {a.rel.get('next')!r}, the reading order says {after}")
            if b and b.rel.get("prev") != before:
                self.defect(after, f"previous goes to {b.rel.get('prev')!r}, the reading order says {before}")

    def check_search(self) -> None:
        index = self.html / "course-search-index.js"
        if not index.exists():
            self.defect("course-search-index.js", "missing: the full-text search has no index")
            return
        text = index.read_text(encoding="utf-8").lower()
        for word in ("deadlock", "mutex", "condition variable"):
            if not re.search(r'"url":\s*"lesson_\d\d\.html[^"]*"[^}]*' + re.escape(word), text):
                self.defect("course-search-index.js", f"the search cannot find {word!r} in any lesson")

    def run(self) -> int:
        self.check_rendering()
        self.check_links()
        self.check_structure()
        self.check_search()
        for line in self.defects:
            print(line)
        pages = len(list(self.html.glob("*.html")))
        if self.defects:
            print(f"check_site: {len(self.defects)} defect(s) in {pages} pages of {self.html}")
            return 1
        print(f"check_site: {pages} pages, no defects")
        return 0


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: check_site.py SOURCE_DIR HTML_DIR", file=sys.stderr)
        return 2
    html = Path(argv[2])
    if not (html / "index.html").exists():
        print(f"check_site: no site in {html}: build it first (cmake --build <dir> --target docs)")
        return 1
    return Checker(Path(argv[1]), html).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
