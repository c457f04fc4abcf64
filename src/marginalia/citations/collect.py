"""Per page, after Markdown: the citation placeholders in order, with the section they are in.

The Markdown extension cannot know line numbers or headings; this pass, over the HTML the
extension produced, numbers the clusters site-wide, gives each a stable anchor and finds
its nearest heading, and :func:`locate` finds a key's line in the page source for messages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from marginalia.citations.extension import PENDING_RE, parsed
from marginalia.citations.syntax import CitationCluster, parse_bracketed, parse_narrative

_HEADING = r'<h(?P<level>[1-6])\b[^>]*?\bid="(?P<id>[^"]*)"[^>]*>(?P<title>.*?)</h(?P=level)>'
_SCAN = re.compile(f"{_HEADING}|{PENDING_RE.pattern}", re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_ANCHOR_UNSAFE = re.compile(r"[^\w.:-]+")
# A citation waiting for Pandoc: an element that the formatted citation replaces, with a
# token inside that stands for its text wherever a feature copies the text elsewhere (a
# note's title in a tag listing) and becomes that text when the page is written.
SLOT_RE = re.compile(
    r'<span class="mg-cite-slot" data-mg-slot="(\d+)">\u27e6mg-cite:\1\u27e7</span>'
)
TOKEN_RE = re.compile(r"\u27e6mg-cite:(\d+)\u27e7")
TOKEN_MARK = "\u27e6mg-cite:"


@dataclass(frozen=True)
class PageCluster:
    """One citation on one page: where its Pandoc output is, and where it sits."""

    index: int  # position in the site-wide list sent to Pandoc
    anchor: str  # id of the in-text citation element
    cluster: CitationCluster
    section: str | None = None
    section_title: str | None = None
    in_heading: bool = False  # in the heading that opens ``section`` (so in the TOC too)


def parse_raw(raw: str) -> CitationCluster:
    """The cluster a placeholder holds (the extension already checked it is one)."""
    known = parsed(raw)
    if known is not None:
        return known
    if raw.startswith("["):
        found = parse_bracketed(raw)
        if found is not None:
            return found
    narrative = parse_narrative(raw, 0)
    if narrative is not None:
        return narrative[0]
    return CitationCluster(raw, ())


def collect(page_html: str, first_index: int) -> tuple[str, list[PageCluster]]:
    """Replace placeholders by numbered slots; return the new HTML and the clusters."""
    clusters: list[PageCluster] = []
    used: dict[str, int] = {}
    section: tuple[str | None, str | None] = (None, None)

    def replace(match: re.Match[str]) -> str:
        nonlocal section
        if match.group("id") is not None:
            if match.group("level") == "1":
                section = (None, None)  # the page title: the page link says it already
            else:
                title = _PERMALINK.sub("", match.group("title"))
                text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", title)).split())
                section = (match.group("id"), text)
            # A citation in the heading itself belongs to the section it opens.
            return PENDING_RE.sub(lambda m: slot(m, in_heading=True), match.group(0))
        return slot(match)

    def slot(match: re.Match[str], in_heading: bool = False) -> str:
        cluster = parse_raw(html.unescape(match.group("raw")))
        base = "cite-" + _ANCHOR_UNSAFE.sub("-", cluster.keys[0] if cluster.keys else "x")
        used[base] = used.get(base, 0) + 1
        anchor = base if used[base] == 1 else f"{base}-{used[base]}"
        index = first_index + len(clusters)
        clusters.append(PageCluster(index, anchor, cluster, *section, in_heading))
        return (
            f'<span class="mg-cite-slot" data-mg-slot="{index}">\u27e6mg-cite:{index}\u27e7</span>'
        )

    return _SCAN.sub(replace, page_html), clusters


def locate(source: str, key: str, occurrence: int = 0) -> int | None:
    """The 1-based line of the ``occurrence``-th citation of ``key`` in a page's source."""
    escaped = re.escape(key)
    pattern = re.compile(
        rf"(?<![^\W_])(?<!\.)-?@(?:\{{{escaped}\}}|{escaped}(?![^\W]|[:.#$%&\-+?<>~/][^\W]))"
    )
    matches = list(pattern.finditer(source))
    if not matches:
        return None
    match = matches[min(occurrence, len(matches) - 1)]
    return source.count("\n", 0, match.start()) + 1


# pymdownx.snippets: ``--8<-- "file.md"`` on one line, or file names between two ``--8<--``
# lines; ``;--8<--`` is an escaped (inactive) one.
_SNIPPET_LINE = re.compile(r'^[ \t]*(?<!;)--8<--[ \t]+(["\'])(?P<name>[^"\']+)\1', re.M)
_SNIPPET_BLOCK = re.compile(r"^[ \t]*--8<--[ \t]*\n(?P<names>.*?)^[ \t]*--8<--[ \t]*$", re.M | re.S)


def locate_in_snippets(source: str, key: str, folders: Iterable[Path]) -> tuple[Path, int] | None:
    """The file and line of a citation of ``key`` in a snippet the page includes, when the
    page's own text does not have it (content included by ``pymdownx.snippets``)."""
    names = [m.group("name") for m in _SNIPPET_LINE.finditer(source)]
    for block in _SNIPPET_BLOCK.finditer(source):
        names += [n.strip() for n in block.group("names").splitlines() if n.strip()]
    folders = list(folders)
    for name in dict.fromkeys(names):
        if "://" in name:
            continue  # a URL snippet: nothing on disk to point at
        for candidate in (name, name.split(":", 1)[0]):
            for folder in folders:
                path = folder / candidate
                if path.is_file():
                    try:
                        text = path.read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError):
                        continue
                    line = locate(text, key)
                    if line is not None:
                        return path, line
    return None
