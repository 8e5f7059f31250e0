#!/usr/bin/env python3
"""The last step of the docs build, after Doxygen: the full-text search index, and two
fixes of Doxygen 1.9.4's own links (the side tree's links to file members, and class
summaries that link to a section left out).

    finish_site.py HTML_DIR

Search: Doxygen's own search (SEARCHENGINE) indexes symbols and page titles only, and its
full-text variant (SERVER_BASED_SEARCH, EXTERNAL_SEARCH) needs a web server or an external
indexer. The course site is opened as files (file://), so this writes
course-search-index.js: every section of every page (lessons, labs, demo sources, guides,
API) with its words, loaded by a <script> tag (file:// forbids fetch), and searched in the
browser by docs/assets/course.js.

Tree: Doxygen 1.9.4 lists a namespace's functions under their file in the side tree, with
an anchor (parallel_8hpp.html#a6e6c…) that only the namespace's page has. Those links are
pointed at the page that has the anchor.
"""
from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

SKIP = {"script", "style"}
HEADINGS = {"h1", "h2", "h3"}
CONTENT_LIMIT = 4000  # characters kept per section: enough to find any word a reader would


class Sections(HTMLParser):
    """The page's title and its text, cut into sections at h1-h3 (each with its anchor)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.sections: list[dict] = []
        self.depth_in_contents = 0
        self.skip = 0
        self.in_title = False
        self.in_heading = False
        self.anchor = ""
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        classes = (a.get("class") or "").split()
        if tag == "div" and ("title" in classes):
            self.in_title = True
        if tag == "div" and "contents" in classes and not self.depth_in_contents:
            self.depth_in_contents = 1
            self.sections.append({"anchor": "", "heading": "", "text": []})
        elif tag == "div" and self.depth_in_contents:
            self.depth_in_contents += 1
        if tag in SKIP:
            self.skip += 1
        if tag == "a" and a.get("id") and self.depth_in_contents:
            self.anchor = a["id"]
        if tag in HEADINGS and self.depth_in_contents:
            self.in_heading = True
            self.sections.append({"anchor": self.anchor, "heading": "", "text": []})

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag == "div":
            self.in_title = False
            if self.depth_in_contents:
                self.depth_in_contents -= 1
        if tag in HEADINGS:
            self.in_heading = False

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_title:
            self.title += data
        elif self.depth_in_contents and self.sections:
            if self.in_heading:
                self.sections[-1]["heading"] += data
            else:
                self.sections[-1]["text"].append(data)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def indexed(path: Path) -> bool:
    name = path.name
    return not (name.endswith("_source.html") or name.endswith("-members.html") or name.startswith("dir_")
                or name in ("files.html", "annotated.html", "classes.html", "hierarchy.html", "pages.html")
                or name.startswith(("functions", "namespacemembers", "globals")))


def search_index(html: Path, parsed: dict[str, Sections]) -> None:
    entries = []
    for name, page in parsed.items():
        if not indexed(html / name):
            continue
        title = squeeze(page.title) or name
        for section in page.sections:
            text = squeeze(" ".join(section["text"]))[:CONTENT_LIMIT]
            heading = squeeze(section["heading"])
            if not text and not heading:
                continue
            url = f"{name}#{section['anchor']}" if section["anchor"] and heading else name
            entries.append({"url": url, "page": title, "section": heading, "text": text})
    script = "// Written by docs/tools/finish_site.py: what docs/assets/course.js searches.\n"
    script += "window.COURSE_SEARCH_INDEX = " + json.dumps(entries, ensure_ascii=False, indent=0) + ";\n"
    (html / "course-search-index.js").write_text(script, encoding="utf-8")
    print(f"finish_site: search index of {len(entries)} sections from {len(parsed)} pages")


def fix_tree(html: Path, parsed: dict[str, Sections]) -> None:
    owner: dict[str, str] = {}
    for name in sorted(parsed):  # class and namespace pages document the members
        if name.startswith(("namespace", "class", "struct", "union")) and not name.endswith("-members.html"):
            for anchor in parsed[name].ids:
                owner.setdefault(anchor, name)

    def repoint(match: re.Match) -> str:
        page, anchor = match.group(1), match.group(2)
        if page in parsed and anchor not in parsed[page].ids and anchor in owner:
            return f'"{owner[anchor]}#{anchor}"'
        return match.group(0)
    for script in sorted(html.glob("*.js")):  # the tree's data: navtree*.js and one file per node
        if script.name.startswith(("jquery", "course", "doxygen-awesome")):
            continue
        text = script.read_text(encoding="utf-8")
        fixed = re.sub(r'"([\w.-]+\.html)#(\w+)"', repoint, text)
        if fixed != text:
            script.write_text(fixed, encoding="utf-8")


def fix_summaries(html: Path, parsed: dict[str, Sections]) -> None:
    """Doxygen 1.9.4 links a class page's summary to "Classes" even when the only nested
    class is private and left out (lab02::Bank::Account): such links are dropped."""
    for name, page in parsed.items():
        path = html / name
        text = path.read_text(encoding="utf-8")

        def keep_existing(match: re.Match) -> str:
            items = match.group(2).split("&#124;")
            kept = [item for item in items
                    if not re.search(r'href="#([\w-]+)"', item) or re.search(r'href="#([\w-]+)"', item).group(1) in page.ids]
            return match.group(1) + "&#124;".join(kept) + match.group(3)
        fixed = re.sub(r'(<div class="summary">)(.*?)(</div>)', keep_existing, text, flags=re.S)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: finish_site.py HTML_DIR", file=sys.stderr)
        return 2
    html = Path(argv[1])
    parsed: dict[str, Sections] = {}
    for path in sorted(html.glob("*.html")):
        page = Sections()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        parsed[path.name] = page
    search_index(html, parsed)
    fix_tree(html, parsed)
    fix_summaries(html, parsed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
