"""What a page's rendered HTML says about the graph: its links and its tagged passages.

Both are read from the HTML that Python-Markdown produced, never from the Markdown, so
links and ``data-tags`` inside code blocks are never mistaken for real ones. Links are found
with a regular expression (the HTML comes from one generator, attributes double-quoted, and
this runs on every page, so it must be cheap); passages, which are rare, with a real parser
so that their titles come out right.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

_HREF = re.compile(r"<a\s[^>]*?\bhref=\"([^\"]*)\"")
_HEADING = re.compile(r"h[1-6]")
_TITLE_WORDS = 12


@dataclass(frozen=True)
class FoundPassage:
    """An element with an ``id`` and ``data-tags``, as written (tags not yet resolved)."""

    anchor: str
    title: str
    tags: tuple[str, ...]
    kind: str  # "section" for headings, "note" for margin notes, "passage" otherwise


def link_targets(html: str, page_url: str) -> set[str]:
    """Site-relative URLs (``"essays/x/"``) of the pages ``html`` links to, fragments dropped.

    ``page_url`` is the linking page's own site-relative URL; links to other hosts, to the
    page itself and to non-page files are left out by the caller's lookup.
    """
    base = "/" + page_url
    base_dir = base if base.endswith("/") else posixpath.dirname(base) + "/"
    targets: set[str] = set()
    for href in _HREF.findall(html):
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(unescape(href))
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = unquote(parts.path)
        resolved = posixpath.normpath(posixpath.join(base_dir, path))
        if path.endswith("/") and not resolved.endswith("/"):
            resolved += "/"
        resolved = resolved.lstrip("/")
        if resolved.endswith("index.html"):
            resolved = resolved[: -len("index.html")]
        targets.add("" if resolved == "." else resolved)
    return targets


def tagged_passages(html: str) -> list[FoundPassage]:
    """Every element of ``html`` that has both an ``id`` and a ``data-tags`` attribute."""
    if "data-tags" not in html:
        return []
    parser = _PassageParser()
    parser.feed(html)
    parser.close()
    return parser.found


class _PassageParser(HTMLParser):
    """Collects tagged elements and the text inside them (for their titles)."""

    _VOID = frozenset(
        [
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[FoundPassage] = []
        # Open tagged elements: [tag name, depth of same-named tags, anchor, tags, kind, text]
        self._open: list[list] = []
        self._started: dict[str, int] = {}  # anchor -> position, to keep document order
        self._skip = 0  # inside a heading's permalink, whose "¶" is not part of the title

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        for entry in self._open:
            if entry[0] == tag:
                entry[1] += 1
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if self._skip or (tag == "a" and "headerlink" in classes):
            self._skip += 1
            return
        anchor, tags = values.get("id"), values.get("data-tags")
        if anchor and tags is not None:
            kind = (
                "section"
                if _HEADING.fullmatch(tag)
                else "note"
                if "mg-note" in classes
                else "passage"
            )
            self._started.setdefault(anchor, len(self._started))
            self._open.append([tag, 0, anchor, tuple(tags.split()), kind, []])

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        for entry in list(self._open):
            if entry[0] != tag:
                continue
            if entry[1]:
                entry[1] -= 1
                continue
            self._open.remove(entry)
            self.found.append(
                FoundPassage(entry[2], _title(entry[5], entry[4]), entry[3], entry[4])
            )

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for entry in self._open:
            entry[5].append(data)

    def close(self) -> None:
        super().close()
        for entry in self._open:  # unclosed at the end of the page: keep what was seen
            self.found.append(
                FoundPassage(entry[2], _title(entry[5], entry[4]), entry[3], entry[4])
            )
        self._open = []
        # Document order, whatever order the elements closed in.
        self.found.sort(key=lambda p: self._started.get(p.anchor, 0))


def _title(chunks: list[str], kind: str) -> str:
    text = " ".join(" ".join(chunks).split())
    if kind == "section":
        return text
    words = text.split()
    return " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")
