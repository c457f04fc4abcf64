"""Pandoc's inline notes, ``^[A note with a citation @key [p. 3].]``, for Python-Markdown.

``markdown.Markdown(extensions=["footnotes", "marginalia.notes"])`` is all it needs (the
footnotes extension is added when it is missing). An inline note becomes a footnote of the
page: its reference is numbered with the page's other footnotes in the order of reference
in the text, as Pandoc numbers notes, and its text joins the footnotes' list.

The note is found by an inline processor, so it never sees code spans or code blocks
(``^[`` there stays as written) and ``\\^`` is a literal caret. Its text is processed in
the same inline pass as the paragraph around it (citations, emphasis and links inside it
work as anywhere else): the body travels inside the reference until a tree processor, run
after the inline pass and before the footnotes are put in reference order, moves it into
the footnotes' list.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import (
    FN_BACKLINK_TEXT,
    NBSP_PLACEHOLDER,
    FootnoteExtension,
)
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from marginalia.citations.syntax import matching_bracket

BODY_CLASS = "mg-inline-note-body"  # only between the two passes; never in the output
NOTE_CLASS = "mg-inline-note"  # on the footnote's <li>: a note written inline
_ID_PREFIX = "inline-"


def _footnotes(md: Markdown) -> FootnoteExtension:
    """The footnotes extension in use (the one whose reference pattern is registered)."""
    processor = md.inlinePatterns["footnote"]
    return processor.footnotes  # type: ignore[attr-defined]


class InlineNoteProcessor(InlineProcessor):
    """``^[text]``: a footnote reference, carrying its text until the tree processor."""

    def __init__(self, pattern: str, md: Markdown, extension: InlineNotesExtension) -> None:
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:
        open_at = m.start() + 1
        close_at = matching_bracket(data, open_at)
        if close_at < 0:
            return None, None, None
        footnotes = _footnotes(self.md)
        note_id = self.extension.next_id(footnotes)
        footnotes.setFootnote(note_id, "")
        footnotes.addFootnoteRef(note_id)
        number = footnotes.footnote_order.index(note_id) + 1
        sup = etree.Element("sup")
        sup.set("id", footnotes.makeFootnoteRefId(note_id, found=True))
        link = etree.SubElement(sup, "a")
        link.set("href", "#" + footnotes.makeFootnoteId(note_id))
        link.set("class", "footnote-ref")
        link.text = footnotes.getConfig("SUPERSCRIPT_TEXT").format(number)
        body = etree.SubElement(sup, "span")
        body.set("class", BODY_CLASS)
        body.set("data-note", note_id)
        body.text = data[open_at + 1 : close_at]
        return sup, m.start(), close_at + 1


class InlineNotesTreeprocessor(Treeprocessor):
    """Moves each inline note's text from its reference into the footnotes' list."""

    def run(self, root: etree.Element) -> None:
        bodies = []
        for parent in root.iter("sup"):
            for child in list(parent):
                if child.tag == "span" and child.get("class") == BODY_CLASS:
                    parent.remove(child)
                    bodies.append(child)
        if not bodies:
            return
        footnotes = _footnotes(self.md)
        items = _footnotes_list(root, footnotes)
        _number_in_reference_order(root, footnotes)
        for body in bodies:
            note_id = body.get("data-note", "")
            item = etree.SubElement(items, "li")
            item.set("id", footnotes.makeFootnoteId(note_id))
            item.set("class", NOTE_CLASS)
            paragraph = etree.SubElement(item, "p")
            paragraph.text = (body.text or "") + NBSP_PLACEHOLDER
            paragraph.extend(list(body))
            if len(paragraph):
                last = paragraph[-1]
                last.tail = (last.tail or "") + NBSP_PLACEHOLDER
                paragraph.text = body.text or ""
            backlink = etree.SubElement(paragraph, "a")
            backlink.set("href", "#" + footnotes.makeFootnoteRefId(note_id))
            backlink.set("class", "footnote-backref")
            number = footnotes.footnote_order.index(note_id) + 1
            backlink.set("title", footnotes.getConfig("BACKLINK_TITLE").format(number))
            backlink.text = FN_BACKLINK_TEXT
        _sort_list(items, footnotes)


def _sort_list(items: etree.Element, footnotes: FootnoteExtension) -> None:
    """The footnotes' list in the order of their numbers, each back link titled with its
    number (the footnotes extension does it only when told to order by reference)."""
    order = footnotes.footnote_order
    separator = footnotes.get_separator()

    def number(item: etree.Element) -> int:
        note_id = item.get("id", "").split(separator, 1)[-1]
        return order.index(note_id) if note_id in order else len(order)

    entries = sorted(items.findall("li"), key=number)
    for item in entries:
        items.remove(item)
    for index, item in enumerate(entries, start=1):
        items.append(item)
        for backlink in item.iter("a"):
            if backlink.get("class") == "footnote-backref":
                backlink.set("title", footnotes.getConfig("BACKLINK_TITLE").format(index))


def _number_in_reference_order(root: etree.Element, footnotes: FootnoteExtension) -> None:
    """Number every footnote by its first reference in the text, as Pandoc does. Inline
    patterns run one after another over a whole paragraph, so the numbers given while
    they ran follow the patterns (all inline notes first), not the text."""
    prefix = "#" + footnotes.makeFootnoteId("")
    refs = [
        (link, link.get("href", "")[len(prefix) :])
        for link in root.iter("a")
        if link.get("class") == "footnote-ref" and link.get("href", "").startswith(prefix)
    ]
    order = list(dict.fromkeys(note_id for _, note_id in refs))
    order += [note_id for note_id in footnotes.footnote_order if note_id not in order]
    footnotes.footnote_order[:] = order
    for link, note_id in refs:
        link.text = footnotes.getConfig("SUPERSCRIPT_TEXT").format(order.index(note_id) + 1)


def _footnotes_list(root: etree.Element, footnotes: FootnoteExtension) -> etree.Element:
    """The ``<ol>`` of the page's footnotes, made where the footnotes would go if the page
    has no footnote of its own."""
    for div in root.iter("div"):
        if div.get("class") == "footnote":
            found = div.find("ol")
            if found is not None:
                return found
    div = etree.Element("div")
    div.set("class", "footnote")
    etree.SubElement(div, "hr")
    items = etree.SubElement(div, "ol")
    place = footnotes.findFootnotesPlaceholder(root)
    if place is None:
        root.append(div)
    else:
        child, parent, is_text = place
        at = list(parent).index(child)
        if is_text:
            parent.remove(child)
            parent.insert(at, div)
        else:
            parent.insert(at + 1, div)
            child.tail = None
    return items


class InlineNotesExtension(Extension):
    """Registers the inline processor and the tree processor; no options."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.count = 0

    def next_id(self, footnotes: FootnoteExtension) -> str:
        """A footnote id of this page that no footnote of its own uses."""
        while True:
            self.count += 1
            note_id = f"{_ID_PREFIX}{self.count}"
            if note_id not in footnotes.footnotes:
                return note_id

    def reset(self) -> None:
        self.count = 0

    def extendMarkdown(self, md: Markdown) -> None:
        if "footnote" not in md.inlinePatterns:
            FootnoteExtension().extendMarkdown(md)
        md.registerExtension(self)
        if "^" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("^")  # so that ``\\^[`` is written as it stands
        # After code spans (190) and escapes (180), so that neither is searched; before
        # footnote references (175) and citations (172), which then run inside the note.
        md.inlinePatterns.register(InlineNoteProcessor(r"\^\[", md, self), "inline-note", 177)
        # After the inline pass (20), before the footnotes are put in reference order (19).
        md.treeprocessors.register(InlineNotesTreeprocessor(md), "inline-note", 19.5)


def makeExtension(**kwargs: Any) -> InlineNotesExtension:
    return InlineNotesExtension(**kwargs)
