"""A page in a note style: its citations as numbered notes, shown as sidenotes.

Each citation in the text keeps what the style leaves there (a narrative citation's author)
and gets a note mark; its note is written twice: as a sidenote (an ``aside.mg-note`` in the
margin-note group of its paragraph, so that it shares the margin with the margin notes and
their layout: stacked without overlap on wide screens, behind a button on narrow ones) and
as an item of the page's footnotes, which is what print shows. The page's own footnotes
take the numbers Pandoc gives them among the notes.

Works on the page's HTML as the citations feature fills it (our own markup only).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from marginalia.notes.punctuation import MARK_END, punctuation_before_marks
from marginalia.notes.sequence import NoteUnit, footnotes_region
from marginalia.notes.styled import NoteText

_CITATION = re.compile(r'^<span class="citation" data-cites="([^"]*)">(.*)</span>$', re.DOTALL)
_FOOTNOTE_REF = re.compile(
    r'(<sup id="fnref\d*:(?P<id>[^"]+)"><a class="footnote-ref" href="#fn:(?P=id)">)\d+(</a>)'
)
_FOOTNOTE_ITEM = re.compile(r'<li\b(?P<attrs>[^>]*\bid="fn:(?P<id>[^"]+)"[^>]*)>')
_PARAGRAPH_START = re.compile(r"<p\b[^>]*>")
_GROUP = '<div class="mg-notes">'
_SPACE_BEFORE_MARK = re.compile(
    r'[ \t]+(<span class="citation mg-cite mg-cite--note" [^>]*><sup class="mg-cnote-ref">)'
)


@dataclass(frozen=True)
class Numbering:
    """The note number of each citation in the text and of each of the page's footnotes."""

    clusters: Mapping[int, int]
    footnotes: Mapping[str, int]


def numbering(units: Sequence[NoteUnit]) -> Numbering:
    clusters, footnotes = {}, {}
    for number, unit in enumerate(units, start=1):
        if unit.footnote is None:
            clusters[unit.clusters[0][0]] = number
        else:
            footnotes[unit.footnote] = number
    return Numbering(clusters, footnotes)


def note_id(number: int) -> str:
    return f"cnote-{number}"


def cluster_html(
    anchor: str,
    text: NoteText,
    number: int | None,
    previews: Sequence[str],
    hold: Callable[[str], str] = str,
) -> str:
    """A citation in a note style: in a footnote, its text; in the text, what stays there
    and a note mark whose preview holds the full references."""
    found = _CITATION.match(text.in_text)
    cites, inner = (found.group(1), found.group(2)) if found else ("", text.in_text)
    if number is None:
        return f'<span class="citation mg-cite" id="{anchor}" data-cites="{cites}">{inner}</span>'
    preview_id = f"{anchor}-p1"
    tooltip = hold(
        f'<span class="mg-cite__preview" role="tooltip" id="{preview_id}" data-search-exclude>'
        + "<br>".join(previews)
        + "</span>"
    )
    mark = (
        f'<sup class="mg-cnote-ref"><span class="mg-cite__item">'
        f'<a class="mg-cite__link footnote-ref" href="#{note_id(number)}" '
        f'aria-describedby="{preview_id}" aria-label="Citation note {number}">{number}</a>'
        f"{tooltip}</span></sup>"
    )
    return (
        f'<span class="citation mg-cite mg-cite--note" id="{anchor}" data-cites="{cites}">'
        f"{inner}{mark}</span>{MARK_END}"
    )


def sidenote_html(number: int, anchor: str, note: str) -> str:
    """The note beside its paragraph, built like a margin note (annotations.css/js)."""
    nid = note_id(number)
    note = note.strip()
    note = note if note.startswith("<p") else f"<p>{note}</p>"
    return (
        f'<aside class="mg-note mg-note--citation" id="{nid}" role="note" '
        f'aria-labelledby="{nid}-label" data-search-exclude>\n'
        f'<p class="mg-note__head"><span class="mg-note__label" id="{nid}-label">'
        f"Citation {number}</span> "
        f'<a class="mg-note__back headerlink" href="#{anchor}" data-search-exclude '
        f'aria-label="Back to citation {number}">↩︎</a></p>\n'
        f'<div class="mg-note__body" id="{nid}-body">\n{note}\n</div>\n</aside>'
    )


def footnote_item(number: int, anchor: str, note: str, beside: bool) -> str:
    body = note.strip()
    back = (
        f'&#160;<a class="footnote-backref" href="#{anchor}" '
        f'title="Jump back to citation {number} in the text">&#8617;</a>'
    )
    body = body[:-4] + back + "</p>" if body.endswith("</p>") else f"<p>{body}{back}</p>"
    classes = "mg-cnote" + (" mg-cnote--beside" if beside else "")
    return (
        f'<li class="{classes}" id="fn:{note_id(number)}" value="{number}" '
        f"data-search-exclude>\n{body}\n</li>\n"
    )


def place_notes(
    page_html: str,
    notes: Sequence[tuple[int, str, str]],
    footnote_numbers: Mapping[str, int],
    in_quote: bool = False,
) -> str:
    """``notes`` (number, anchor of the citation, note HTML) beside their paragraphs and in
    the page's footnotes; the page's footnotes renumbered as notes among them."""
    if not notes and not footnote_numbers:
        return page_html
    page_html = punctuation_before_marks(page_html, in_quote)
    # A citation that leaves nothing in the text is a note mark: no space before it.
    page_html = _SPACE_BEFORE_MARK.sub(r"\1", page_html)
    page_html = _FOOTNOTE_REF.sub(
        lambda m: (
            m.group(1) + str(footnote_numbers[m.group("id")]) + m.group(3)
            if m.group("id") in footnote_numbers
            else m.group(0)  # referred to from another footnote only: Pandoc has no such
        ),
        page_html,
    )
    placed = beside_paragraphs(
        page_html, [(anchor, sidenote_html(number, anchor, note)) for number, anchor, note in notes]
    )
    page_html = placed.html
    beside = {number: anchor in placed.anchors for number, anchor, _ in notes}
    for number, is_beside in beside.items():
        if not is_beside:  # no paragraph to sit beside (a table, a heading): the footnote
            nid = note_id(number)
            page_html = page_html.replace(f'href="#{nid}"', f'href="#fn:{nid}"', 1)
    items = {
        number: footnote_item(number, anchor, note, beside[number])
        for number, anchor, note in notes
    }
    return _into_footnotes(page_html, items, footnote_numbers)


@dataclass(frozen=True)
class Placed:
    """A page with asides beside their paragraphs, and the anchors that found one."""

    html: str
    anchors: frozenset[str]


def beside_paragraphs(page_html: str, asides: Sequence[tuple[str, str]]) -> Placed:
    """Each aside (after the anchor of the element it belongs to) in the margin-note group
    of the paragraph holding that element, made when the paragraph has none; an element
    outside a paragraph (a table, a heading, a margin note) gets none."""
    groups: dict[tuple[int, int], list[str]] = {}
    anchors = set()
    end_of_text = footnotes_region(page_html)
    for anchor, aside in asides:
        where = page_html.find(f'id="{anchor}"', 0, end_of_text)
        paragraph = _paragraph_around(page_html, where) if where >= 0 else None
        if paragraph is not None:
            anchors.add(anchor)
            groups.setdefault(paragraph, []).append(aside)
    for (start, end), found in sorted(groups.items(), reverse=True):
        block = "\n".join(found)
        after = page_html[end:]
        if after.lstrip("\n").startswith(_GROUP):
            at = end + after.index(_GROUP) + len(_GROUP)
            page_html = page_html[:at] + "\n" + block + page_html[at:]
        elif page_html[:start].rstrip().endswith('<div class="mg-annotated">'):
            page_html = page_html[:end] + f"\n{_GROUP}\n{block}\n</div>" + page_html[end:]
        else:
            page_html = (
                page_html[:start]
                + '<div class="mg-annotated">\n'
                + page_html[start:end]
                + f"\n{_GROUP}\n{block}\n</div>\n</div>"
                + page_html[end:]
            )
    return Placed(page_html, frozenset(anchors))


def _paragraph_around(page_html: str, at: int) -> tuple[int, int] | None:
    """Start and end of the ``<p>`` holding ``page_html[at]``, unless it is inside a
    margin note (a note of a note stays in the footnotes)."""
    starts = list(_PARAGRAPH_START.finditer(page_html, max(0, at - 20000), at))
    if not starts:
        return None
    start = starts[-1].start()
    if "</p>" in page_html[start:at]:
        return None
    end = page_html.find("</p>", at)
    if end < 0:
        return None
    if page_html.rfind("<aside", 0, start) > page_html.rfind("</aside>", 0, start):
        return None
    return start, end + len("</p>")


def _into_footnotes(page_html: str, items: Mapping[int, str], numbers: Mapping[str, int]) -> str:
    """Each item at its number's place in the page's footnotes (made if the page has none);
    every footnote given its number (``value``), as the lists are merged."""
    start = footnotes_region(page_html)
    if start == len(page_html):
        if not items:
            return page_html
        block = (
            '\n<div class="footnote mg-cnotes">\n<hr />\n<ol>\n'
            + "".join(items[n] for n in sorted(items))
            + "</ol>\n</div>\n"
        )
        # At the end of the page's text (a whole written page: inside its article).
        end = page_html.rfind("</article>")
        end = len(page_html) if end < 0 else end
        return page_html[:end] + block + page_html[end:]
    head, tail = page_html[:start], page_html[start:]
    pending = sorted(items)
    out: list[str] = []
    last = 0
    for found in _FOOTNOTE_ITEM.finditer(tail):
        number = numbers.get(found.group("id"))
        if number is None:
            continue
        while pending and pending[0] < number:
            out.append(tail[last : found.start()] + items[pending.pop(0)])
            last = found.start()
        out.append(tail[last : found.start()])
        out.append(f'<li{found.group("attrs")} value="{number}">')
        last = found.end()
    rest = tail[last:]
    close = rest.rfind("</ol>")
    if pending and close >= 0:
        rest = rest[:close] + "".join(items[n] for n in pending) + rest[close:]
    return head + "".join(out) + rest
