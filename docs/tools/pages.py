#!/usr/bin/env python3
"""Turns the course's markdown (READMEs that read well on GitHub) into Doxygen pages.

    pages.py SOURCE_DIR OUT_DIR [IMAGES_DIR]

Writes OUT_DIR/*.md, one page per lesson, per lesson's demo sources and per lab, plus the
home page and the guides in docs/, and OUT_DIR/pages.doxy, the INPUT list in reading order.
Every lessons/NN-*/ folder is picked up, in number order, with no edit here.

What it changes on the way, because Doxygen 1.9.4 renders these badly or not at all:
- headings: code spans and bold become plain text (Doxygen shows literal <tt> tags there),
  and every heading gets an explicit label, so GitHub-style #anchors keep working;
- bold that starts with a code span (**`x` y**) becomes <b>...</b>;
- links: to a lesson, lab or guide page become @ref; to a lab file, the file's page; to a
  demo or lesson file, its section on the lesson's demo-sources page;
- <details><summary>Q</summary> A </details> becomes raw HTML around markdown that Doxygen
  renders (1.9.4 cuts a <details> at its first blank line);
- <!-- timeline: DEMO --> becomes the picture the docs build drew from a real run;
- <!-- bench-plots --> becomes IMAGES_DIR/bench-plots.md, the benchmark's plots and where
  their figures come from (tools/bench.py --docs writes it);
- lab pages get each task's hints (labs/NN-*/hints.md) behind a click, one at a time;
- lesson, demo-source and lab pages get previous/next links in the order
  lesson -> demo sources -> lab -> next lesson, and links to every demo's source.
"""
from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from hints import hints_of  # noqa: E402  (one reader of hints.md, shared with ./course hint)

TIMELINE = re.compile(r"<!--\s*timeline:\s*([A-Za-z0-9_]+)\s*-->")
BENCH_PLOTS = re.compile(r"<!--\s*bench-plots\s*-->")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
COURSE_DEMO = re.compile(r"^\s*course_demo\(\s*([A-Za-z0-9_]+)([^)]*)\)", re.M)
ITALIC = r"(?<![\w*\\])\*(?![\s*])(.+?)(?<![\s*\\])\*(?![\w*])"
NAV_LINE = re.compile(r"^(Previous|Next):\s.*\]\(", re.I)


@dataclass
class Page:
    id: str            # Doxygen label; the HTML file is <id>.html ("index" for the home page)
    title: str
    source: Path | None  # the markdown it comes from (None: generated from scratch)
    kind: str          # home, guide, lesson, demos, lab
    nn: str = ""
    anchors: dict[str, str] = field(default_factory=dict)  # GitHub slug -> label
    extras: dict[Path, str] = field(default_factory=dict)   # other files it links to -> label


@dataclass
class Demo:
    name: str
    source: str  # file name in the lesson folder
    brief: str


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"<[^>]+>", "", text.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def plain(text: str) -> str:
    """Heading text without markdown: code spans, bold and italics lose their markers."""
    text = CODE_SPAN.sub(lambda m: m.group(2).strip(), text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"\1", text)
    text = LINK.sub(lambda m: m.group(2), text)
    return text


def doxygen_text(text: str) -> str:
    """Plain text made safe for a Doxygen markdown page (no commands, no tags)."""
    text = re.sub(r"([\\@#%$])", r"\\\1", html.escape(text, quote=False))
    return re.sub(r"(?<![\w>])::(?=\w)", r"\\::", text)  # ::close would be a link request


def brief_of(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.search(r"[@\\]brief\s+(.*)", line)
        if found:
            return found.group(1).strip()
    return ""


def demos_of(lesson: Path) -> list[Demo]:
    """The lesson's demos in reading order: the order of course_demo calls."""
    cmake = lesson / "CMakeLists.txt"
    if not cmake.exists():
        return []
    text = re.sub(r"#.*", "", cmake.read_text(encoding="utf-8"))
    demos = []
    for name, args in COURSE_DEMO.findall(text):
        source = re.search(r"\bSOURCE\s+(\S+)", args)
        file = source.group(1) if source else f"{name}.cpp"
        if (lesson / file).exists():
            demos.append(Demo(name, file, brief_of(lesson / file)))
    return demos


def code_span(span: str) -> str:
    """A code span as Doxygen 1.9.4 renders it right. With a ' inside (`f('\\n')`) it
    takes the backtick for an opening quote and mangles the span; with a global name
    (`::close(fd)`) it tries a link that fails the build. Those become <code> with
    Doxygen's own escapes."""
    inner = CODE_SPAN.fullmatch(span).group(2)
    global_name = re.compile(r"(?<![\w>])::(?=\w)")  # ::close: 1.9.4 links it, or fails the build
    if "'" not in inner and not global_name.search(inner):
        return span
    inner = re.sub(r"([\\@#%$])", r"\\\1", html.escape(inner.strip(), quote=False))
    return "<code>" + global_name.sub(r"\\::", inner) + "</code>"


def html_only(markup: str) -> str:
    return f"\\htmlonly[block]{markup}\\endhtmlonly"


def inline_html(text: str) -> str:
    """A one-line markdown text (a summary) as HTML: code spans, bold and italics."""
    parts = []
    last = 0
    for span in CODE_SPAN.finditer(text):
        parts.append(_emphasis(html.escape(text[last:span.start()], quote=False)))
        parts.append(f"<code>{html.escape(span.group(2).strip(), quote=False)}</code>")
        last = span.end()
    parts.append(_emphasis(html.escape(text[last:], quote=False)))
    # GitHub renders no markdown inside <summary>, so authors write <code> there: keep it.
    return re.sub(r"&lt;(/?(?:code|b|i|em|strong|tt|kbd))&gt;", r"<\1>", "".join(parts))


def _emphasis(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"<em>\1</em>", text)


class Site:
    def __init__(self, root: Path, out: Path, images: Path | None = None):
        self.root = root
        self.out = out
        self.images = images
        self.pages: list[Page] = []
        self.by_source: dict[Path, Page] = {}
        self.demos: dict[str, list[Demo]] = {}
        self.lessons: dict[str, Path] = {}
        self.file_labels: dict[Path, str] = {}  # lesson file -> its section on the demos page
        self.lab_files: set[Path] = set()

    # ---- discovery -------------------------------------------------------------------
    def discover(self) -> None:
        self.add(Page("index", "", self.root / "README.md", "home"))
        self.add_guide("setup")
        for lesson in sorted(self.root.glob("lessons/[0-9][0-9]-*/")):
            nn = lesson.name[:2]
            self.lessons[nn] = lesson
            readme = lesson / "README.md"
            if readme.exists():
                self.add(Page(f"lesson_{nn}", "", readme, "lesson", nn))
            demos = demos_of(lesson)
            self.demos[nn] = demos
            if demos:
                self.add(Page(f"demos_{nn}", f"{nn} · Demo sources", None, "demos", nn))
                for demo in demos:
                    self.file_labels[(lesson / demo.source).resolve()] = f"demos_{nn}-{demo.name}"
                for extra in self.helper_files(nn):
                    self.file_labels[extra.resolve()] = f"demos_{nn}-" + re.sub(r"\W", "-", extra.name)
            lab = self.root / "labs" / lesson.name
            if (lab / "README.md").exists():
                self.add(Page(f"lab_{nn}", "", lab / "README.md", "lab", nn))
                self.lab_files.update(p.resolve() for p in sorted(lab.iterdir())
                                      if p.suffix in (".hpp", ".cpp", ".h"))
        self.add_guide("grading")
        self.add_guide("troubleshooting")
        self.add_guide("authoring")
        for page in self.pages:  # titles and heading anchors, before any link is rewritten
            if page.source:
                self.read_headings(page)

    def add_guide(self, name: str) -> None:
        path = self.root / "docs" / f"{name}.md"
        if path.exists():
            self.add(Page(name, "", path, "guide"))

    def add(self, page: Page) -> None:
        self.pages.append(page)
        if page.source:
            self.by_source[page.source.resolve()] = page

    def helper_files(self, nn: str) -> list[Path]:
        """Lesson files that are not demos (shared headers): shown after the demos."""
        lesson = self.lessons[nn]
        demo_files = {d.source for d in self.demos[nn]}
        return [p for p in sorted(lesson.iterdir())
                if p.suffix in (".hpp", ".h", ".cpp") and p.name not in demo_files]

    def read_headings(self, page: Page) -> None:
        seen: dict[str, int] = {}
        in_code = False
        for line in page.source.read_text(encoding="utf-8").splitlines():
            if FENCE.match(line):
                in_code = not in_code
            heading = None if in_code else HEADING.match(line)
            if not heading:
                continue
            text = plain(heading.group(2))
            if not page.title:
                page.title = text
            slug = github_slug(text)
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            if count:
                slug = f"{slug}-{count}"
            label = re.sub(r"[^A-Za-z0-9_-]", "", slug).strip("-") or "section"
            page.anchors[slug] = f"{page.id}-{label}" if page.id != "index" else f"home-{label}"

    # ---- the reading order -----------------------------------------------------------
    def sequence(self) -> list[Page]:
        return [p for p in self.pages if p.kind in ("lesson", "demos", "lab")]

    def nav(self, page: Page) -> str:
        chain = self.sequence()
        at = chain.index(page)
        home = self.pages[0]
        before = chain[at - 1] if at > 0 else home
        after = chain[at + 1] if at + 1 < len(chain) else next(
            (p for p in self.pages if p.id == "grading"), home)

        def link(target: Page, rel: str, words: str) -> str:
            return (f'<a class="{rel}" rel="{rel}" href="{target.id}.html">{words} '
                    f'{html.escape(target.title)}</a>')
        return html_only(
            '<nav class="course-nav">'
            + link(before, "prev", "&larr; Previous:")
            + '<a class="up" href="index.html">Course map</a>'
            + link(after, "next", "Next:").replace("</a>", " &rarr;</a>") + "</nav>")

    # ---- links -----------------------------------------------------------------------
    def rewrite_target(self, target: str, base: Path, page: Page) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*://|^mailto:|^@ref\b", target):
            return target
        path, _, fragment = target.partition("#")
        if not path:  # an anchor on this page
            label = page.anchors.get(fragment)
            return f"@ref {label}" if label else target
        resolved = (base / path).resolve()
        if resolved.is_dir():
            resolved = resolved / "README.md"
        known = self.by_source.get(resolved)
        if known:
            if not fragment:
                return f"@ref {known.id}"
            label = known.anchors.get(fragment)
            return f"@ref {label}" if label else f"{known.id}.html#{fragment}"
        if resolved in self.lab_files:
            return "@ref " + resolved.relative_to(self.root).as_posix()
        if resolved in self.file_labels:
            return f"@ref {self.file_labels[resolved]}"
        folder = resolved.parent
        if resolved.is_file() and folder.parent.name in ("lessons", "labs") and folder.parent.parent == self.root:
            # Another file of a lesson or lab (a CMakeLists.txt, an answers sheet): shown
            # as it is at the end of the page that names it.
            label = f"{page.id}-file-" + re.sub(r"\W", "-", resolved.name)
            page.extras.setdefault(resolved, label)
            return f"@ref {label}"
        # Not on the site (a file that is not a page, a README not written yet): the link
        # stays broken on purpose, for the site check to report, but without the ".md"
        # that Doxygen would turn into a @ref and fail the whole build on.
        return "not-on-the-site/" + target.replace(".md", "%2Emd")

    # ---- markdown ----------------------------------------------------------------------
    def inline(self, text: str, base: Path, page: Page) -> str:
        """Links and bold in a block of markdown text; code spans are left alone."""
        spans: list[str] = []

        def keep(match: re.Match) -> str:
            spans.append(match.group(0))
            return f"\x00{len(spans) - 1}\x00"
        def link(match: re.Match) -> str:
            bang, words, target = match.groups()
            target = self.rewrite_target(target, base, page)
            if not target.startswith("@ref"):
                return f"{bang}[{words}]({target})"
            # Doxygen 1.9.4 shows a code span inside a @ref link as literal backticks:
            # a link that is all code goes inside <code>, other code spans lose their marks.
            whole = re.fullmatch(r"\x00(\d+)\x00", words)
            if whole:
                return f"<code>[{CODE_SPAN.fullmatch(spans[int(whole.group(1))]).group(2).strip()}]({target})</code>"
            words = re.sub(r"\x00(\d+)\x00", lambda m: CODE_SPAN.fullmatch(spans[int(m.group(1))]).group(2), words)
            return f"{bang}[{words}]({target})"
        text = CODE_SPAN.sub(keep, text)
        text = LINK.sub(link, text)
        text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text, flags=re.S)
        text = re.sub(ITALIC, r"<em>\1</em>", text, flags=re.S)  # 1.9.4 misses *x*, and *x*…
        return re.sub(r"\x00(\d+)\x00", lambda m: code_span(spans[int(m.group(1))]), text)

    def convert(self, page: Page) -> str:
        base = page.source.parent
        lines = page.source.read_text(encoding="utf-8").splitlines()
        out: list[str] = []
        paragraph: list[str] = []
        hints = hints_of(base / "hints.md") if page.kind == "lab" else {}
        hinted: set[int] = set()
        task = None
        first_heading = True
        headings = iter(page.anchors.values())

        def flush() -> None:
            if paragraph:
                out.append(self.inline("\n".join(paragraph), base, page))
                paragraph.clear()

        def hint_block(number: int) -> None:
            hinted.add(number)
            texts = hints.get(number, [])
            if not texts:
                return
            out.append("")
            for k, text in enumerate(texts, 1):
                out.append(html_only(f'<details class="hint"><summary>Hint {k} of {len(texts)} '
                                     f'for task {number}</summary>'))
                out.extend(["", self.inline(text, base, page), ""])
            out.append(html_only("</details>" * len(texts)))
            out.append("")

        i = 0
        while i < len(lines):
            line = lines[i]
            if FENCE.match(line):  # a code block: copied as it is
                flush()
                fence = FENCE.match(line).group(1)
                block = [line]
                i += 1
                while i < len(lines) and not lines[i].strip().startswith(fence):
                    block.append(lines[i])
                    i += 1
                if i < len(lines):
                    block.append(lines[i])
                i += 1
                out.extend(block)
                self.after_code(page, "\n".join(block), out)
                continue
            heading = HEADING.match(line)
            if heading:
                flush()
                if page.kind == "lab" and task is not None and task not in hinted:
                    hint_block(task)
                number = re.match(r"Task\s+(\d+)", plain(heading.group(2)))
                task = int(number.group(1)) if number else None
                label = next(headings)
                if first_heading and page.id != "index":
                    label = page.id
                first_heading = False
                out.append(f"{heading.group(1)} {doxygen_text(plain(heading.group(2)))} {{#{label}}}")
                if label == page.id and page.kind in ("lesson", "demos", "lab"):
                    out.extend(["", self.nav(page)])
                i += 1
                continue
            if line.lstrip().startswith("<details"):
                flush()
                i = self.details(lines, i, out, base, page)
                continue
            if BENCH_PLOTS.search(line):
                flush()
                plots = self.images / "bench-plots.md" if self.images else None
                for text in plots.read_text(encoding="utf-8").splitlines() if plots and plots.is_file() else []:
                    out.append(text if text.startswith("\\image") else self.inline(text, base, page))
                i += 1
                continue
            marker = TIMELINE.search(line)
            if marker:
                flush()
                out.append(self.timeline(page, marker.group(1)))
                i += 1
                continue
            if page.kind in ("lesson", "lab") and NAV_LINE.match(line):
                flush()  # GitHub's previous/next line: the site draws its own
                i += 1
                continue
            if not line.strip():
                flush()
                out.append("")
            else:
                paragraph.append(line)
                if page.kind == "lab" and task is not None and line.startswith("Stuck?"):
                    flush()
                    hint_block(task)
            i += 1
        flush()
        if page.kind == "lab" and task is not None and task not in hinted:
            hint_block(task)
        if page.kind == "lesson":
            out.extend(self.sources_section(page))
        for extra, label in page.extras.items():
            out.extend(["", f"## The file {extra.name} {{#{label}}}", "",
                        f"\\verbinclude {extra.relative_to(self.root).as_posix()}"])
        if page.kind in ("lesson", "lab"):
            out.extend(["", self.nav(page)])
        return "\n".join(out) + "\n"

    def after_code(self, page: Page, block: str, out: list[str]) -> None:
        """After the block that runs a demo, a link to the demo's source."""
        if page.kind != "lesson":
            return
        for demo in self.demos.get(page.nn, []):
            if re.search(rf"\./course run {page.nn} {demo.name}\b", block):
                out.extend(["", f"Source: [{demo.source}](@ref demos_{page.nn}-{demo.name})", ""])
                return

    def sources_section(self, page: Page) -> list[str]:
        demos = self.demos.get(page.nn, [])
        if not demos:
            return []
        lines = ["", f"## Every demo's source {{#{page.id}-demo-sources}}", ""]
        for k, demo in enumerate(demos, 1):
            lines.append(f"{k}. [{demo.name}](@ref demos_{page.nn}-{demo.name}): {doxygen_text(demo.brief)}")
        return lines

    def details(self, lines: list[str], i: int, out: list[str], base: Path, page: Page) -> int:
        """<details><summary>Q</summary> answer </details>, answer in markdown."""
        block = []
        while i < len(lines):
            block.append(lines[i])
            i += 1
            if "</details>" in block[-1]:
                break
        text = "\n".join(block)
        summary = re.search(r"<summary>(.*?)</summary>", text, re.S)
        question = summary.group(1).strip() if summary else "Answer"
        body = text[summary.end():] if summary else re.sub(r"<details[^>]*>", "", text, count=1)
        body = body.replace("</details>", "").strip()
        out.extend([html_only(f'<details class="review"><summary>{inline_html(question)}</summary>'), ""])
        for para in re.split(r"\n\s*\n", body):
            out.extend([self.inline(para, base, page), ""])
        out.extend([html_only("</details>"), ""])
        return i

    def timeline(self, page: Page, demo: str) -> str:
        name = f"timeline-{page.nn}-{demo}.svg"
        return (f'\\image html {name} "The timeline of {demo}, drawn by the docs build from a real run '
                f'(./course run {page.nn} {demo} prints the same chart as text)"')

    # ---- generated pages -------------------------------------------------------------
    def demos_page(self, page: Page) -> str:
        nn = page.nn
        lesson = self.lessons[nn]
        owner = self.by_source.get((lesson / "README.md").resolve())
        intro = f"[lesson {nn}](@ref {owner.id})" if owner else f"lesson {nn}"
        lines = [f"# {doxygen_text(page.title)} {{#{page.id}}}", "", self.nav(page), "",
                 f"The programs of {intro}, in the order the lesson reads them, exactly as they are "
                 f"compiled. Run one with `./course run {nn} NAME`.", ""]
        for k, demo in enumerate(self.demos[nn], 1):
            lines.append(f"{k}. [{demo.name}](@ref demos_{nn}-{demo.name})")
        for k, demo in enumerate(self.demos[nn], 1):
            lines += ["", f"## {k}. {demo.name} {{#demos_{nn}-{demo.name}}}", "",
                      f"{doxygen_text(demo.brief)}", "", "```sh", f"./course run {nn} {demo.name}", "```", "",
                      f"\\include {lesson.name}/{demo.source}"]
        for extra in self.helper_files(nn):
            label = self.file_labels[extra.resolve()]
            lines += ["", f"## Shared by the demos: {extra.name} {{#{label}}}", "",
                      doxygen_text(brief_of(extra)), "", f"\\include {lesson.name}/{extra.name}"]
        lines += ["", self.nav(page)]
        return "\n".join(lines) + "\n"

    def write(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        for old in self.out.glob("*.md"):
            old.unlink()
        files = []
        for page in self.pages:
            text = self.demos_page(page) if page.kind == "demos" else self.convert(page)
            path = self.out / f"{page.id}.md"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        sources = sorted(p for p in self.lab_files)
        sources += sorted((self.root / "support" / "include" / "course").glob("*.hpp"))
        entries = " \\\n    ".join(str(p) for p in files + sources)
        (self.out / "pages.doxy").write_text(
            f"INPUT = {entries}\nUSE_MDFILE_AS_MAINPAGE = {self.out / 'index.md'}\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print("usage: pages.py SOURCE_DIR OUT_DIR [IMAGES_DIR]", file=sys.stderr)
        return 2
    site = Site(Path(argv[1]).resolve(), Path(argv[2]).resolve(), Path(argv[3]).resolve() if len(argv) == 4 else None)
    site.discover()
    site.write()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
