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
_CHUNK = 1024


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
    base_dir = page_folder(page_url)
    targets: set[str] = set()
    for href in _HREF.findall(html):
        target = site_url_of(href, base_dir)
        if target is not None:
            targets.add(target)
    return targets


def page_folder(page_url: str) -> str:
    """The folder a page's relative links start from (``"/essays/x/"``), for
    :func:`site_url_of`."""
    base = "/" + page_url
    return base if base.endswith("/") else posixpath.dirname(base) + "/"


def site_url_of(href: str, base_dir: str) -> str | None:
    """The site-relative URL (``"essays/x/"``) an ``href`` written in a page of ``base_dir``
    leads to, fragment dropped; ``None`` for anchors, other hosts and other schemes."""
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(unescape(href))
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(base_dir, path))
    if path.endswith("/") and not resolved.endswith("/"):
        resolved += "/"
    resolved = resolved.lstrip("/")
    if resolved.endswith("index.html"):
        resolved = resolved[: -len("index.html")]
    return "" if resolved == "." else resolved


def tagged_passages(html: str) -> list[FoundPassage]:
    """Every element of ``html`` that has both an ``id`` and a ``data-tags`` attribute."""
    found: list[FoundPassage] = []
    position = 0
    # Parse only from each tagged element's start tag until it has closed: titles need the
    # element's text, and nothing else on the page matters.
    while (first := html.find("data-tags", position)) >= 0:
        start = max(html.rfind("<", 0, first), 0)
        parser = _PassageParser()
        end = start
        while end < len(html):
            chunk_end = min(len(html), end + _CHUNK)
            parser.feed(html[end:chunk_end])
            end = chunk_end
            if parser.found and not parser.is_open:
                break
        parser.close()
        found += parser.found
        position = max(end, first + 1)
    return found


class _PassageParser(HTMLParser):
    """Collects tagged elements and the text inside them (for their titles).

    Permalinks, back-links and anything marked ``data-search-exclude`` are left out of
    titles; a margin note's label (an element whose class ends in ``__label``, "Note 3")
    starts its title.
    """

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
        self._open: list[_Open] = []
        self._started: dict[str, int] = {}  # anchor -> position, to keep document order
        self._skip: list[str] = []  # tag names of the skipped element and those inside it
        self._label: list[str] = []  # likewise for a note's label

    # Text runs inside phrasing elements join without a space ("Ostrom (1996),"); block
    # boundaries separate words ("inner" + "para").
    _BLOCK = frozenset(
        [
            "address",
            "article",
            "aside",
            "blockquote",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "pre",
            "section",
            "table",
            "td",
            "th",
            "tr",
            "ul",
        ]
    )

    def _break(self, tag: str) -> None:
        if tag in self._BLOCK or tag == "br":
            for entry in self._open:
                entry.text.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._break(tag)
        if tag in self._VOID:
            return
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if self._skip or "headerlink" in classes or "data-search-exclude" in values:
            self._skip.append(tag)
            return
        if self._label or any(c.endswith("__label") for c in classes):
            self._label.append(tag)
        for entry in self._open:
            if entry.tag == tag:
                entry.depth += 1
        anchor, tags = values.get("id"), values.get("data-tags")
        if anchor and tags is not None:
            if _HEADING.fullmatch(tag):
                kind = "section"
            else:
                kind = "note" if "mg-note" in classes else "passage"
            self._started.setdefault(anchor, len(self._started))
            self._open.append(_Open(tag, anchor, tuple(tags.split()), kind))

    def handle_endtag(self, tag: str) -> None:
        self._break(tag)
        if self._skip:
            self._skip.pop()
            return
        if self._label:
            self._label.pop()
        for entry in list(self._open):
            if entry.tag != tag:
                continue
            if entry.depth:
                entry.depth -= 1
                continue
            self._open.remove(entry)
            self.found.append(entry.passage())

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for entry in self._open:
            (entry.label if self._label else entry.text).append(data)

    @property
    def is_open(self) -> bool:
        """Whether a tagged element has started but not yet ended."""
        return bool(self._open)

    def close(self) -> None:
        super().close()
        self.found += [entry.passage() for entry in self._open]  # unclosed: keep what was seen
        self._open = []
        self.found.sort(key=lambda p: self._started.get(p.anchor, 0))


class _Open:
    """A tagged element whose end has not been reached yet."""

    def __init__(self, tag: str, anchor: str, tags: tuple[str, ...], kind: str) -> None:
        self.tag, self.anchor, self.tags, self.kind = tag, anchor, tags, kind
        self.depth = 0  # elements of the same name opened inside it
        self.text: list[str] = []
        self.label: list[str] = []

    def passage(self) -> FoundPassage:
        text = " ".join("".join(self.text).split())
        if self.kind != "section":
            words = text.split()
            text = " ".join(words[:_TITLE_WORDS]) + ("…" if len(words) > _TITLE_WORDS else "")
        label = " ".join(" ".join(self.label).split())
        title = f"{label}: {text}" if label and text else label or text
        return FoundPassage(self.anchor, title, self.tags, self.kind)
