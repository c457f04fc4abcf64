"""A page's citations in the order a note style needs them, read from its HTML.

In a note style every citation in the text becomes a note, and the page's own footnotes
are notes too, numbered with them in the order of their references, as Pandoc numbers
them. The HTML that Python-Markdown writes puts the footnotes' text at the end of the
page: this pass puts each footnote's citations back at the place of its reference.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_SLOT = r'<span class="mg-cite-slot" data-mg-slot="(?P<slot>\d+)">'
_REF = r'<sup id="fnref\d*:(?P<ref>[^"]+)">'
_TEXT_EVENTS = re.compile(f"{_SLOT}|{_REF}")
_FOOTNOTES = re.compile(r'<div class="footnote">(?!.*<div class="footnote">)', re.DOTALL)
_ITEM = re.compile(r'<li\b[^>]*\bid="fn:(?P<id>[^"]+)"[^>]*>(?P<body>.*?)</li>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BACKREF = re.compile(r'(?:&#160;)?<a class="footnote-backref"[^>]*>.*?</a>', re.DOTALL)


@dataclass(frozen=True)
class NoteUnit:
    """One note of the page: a citation in the text (``footnote`` is None), or one of the
    page's footnotes with the citations inside it (``(index, lead, trail)``: whether text
    comes before and after the citation in the note, which Pandoc's text depends on: a
    citation opening a note is capitalised, one closing it ends with a full stop)."""

    clusters: tuple[tuple[int, bool, bool], ...]
    footnote: str | None = None


def footnotes_region(page_html: str) -> int:
    """Where the page's footnotes start (the length of the page when it has none)."""
    found = _FOOTNOTES.search(page_html)
    return found.start() if found else len(page_html)


def note_units(page_html: str) -> tuple[NoteUnit, ...]:
    """The page's notes in the order Pandoc numbers them."""
    start = footnotes_region(page_html)
    inside: dict[str, tuple[tuple[int, bool, bool], ...]] = {}
    placed: set[int] = set()
    for item in _ITEM.finditer(page_html, start):
        clusters = []
        body = _BACKREF.sub("", item.group("body"))
        for slot in re.finditer(_SLOT, body):
            before = html.unescape(_TAG.sub("", body[: slot.start()])).strip()
            after = html.unescape(_TAG.sub("", body[body.index("</span>", slot.end()) :]))
            clusters.append((int(slot.group("slot")), bool(before), bool(after.strip())))
            placed.add(int(slot.group("slot")))
        inside[item.group("id")] = tuple(clusters)
    units: list[NoteUnit] = []
    seen: set[str] = set()
    for event in _TEXT_EVENTS.finditer(page_html[:start]):
        ref = event.group("ref")
        if ref is None:
            units.append(NoteUnit(((int(event.group("slot")), False, False),)))
        elif ref in inside and ref not in seen:
            seen.add(ref)
            units.append(NoteUnit(inside[ref], ref))
    # A citation in a footnote nothing refers to still counts, at the end.
    for slot in re.finditer(_SLOT, page_html[start:]):
        if int(slot.group("slot")) not in placed:
            units.append(NoteUnit(((int(slot.group("slot")), False, False),)))
    return tuple(units)
