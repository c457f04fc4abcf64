"""A site's citations in a note style, independent of any engine.

An engine adapter gives each page's HTML (with its citation slots) and clusters once every
page is converted; :class:`NoteCitations` starts Pandoc on the pages at once, and renders
each page's citations, sidenotes and footnotes when the page is written.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from marginalia.citations.collect import PageCluster
from marginalia.citations.pandoc import PandocError
from marginalia.citations.styles import CitationStyle
from marginalia.diagnostics import Diagnostic
from marginalia.notes.punctuation import punctuation_in_quote
from marginalia.notes.render import cluster_html, numbering, place_notes
from marginalia.notes.sequence import note_units
from marginalia.notes.styled import NoteRun, NoteText, PageNotes


class NoteCitations:
    """Every page's notes for one build."""

    def __init__(self, report: Callable[[Diagnostic], None]) -> None:
        self.report = report
        self.pages: dict[str, PageNotes] = {}
        self.run: NoteRun | None = None
        self.error: str | None = None
        self.in_quote = False  # the locale puts a full stop inside quotation marks

    def add_page(self, src: str, page_html: str, clusters: Sequence[PageCluster]) -> None:
        if not clusters:
            return
        units = note_units(page_html)
        raws = {pc.index: pc.cluster.raw for pc in clusters}
        units = tuple(u for u in units if all(i in raws for i, *_ in u.clusters))
        keys = tuple(k for pc in clusters for k in pc.cluster.keys)
        self.pages[src] = PageNotes(units, raws, keys)

    def start(
        self,
        bibtex: Callable[[Sequence[str]], str],
        style: CitationStyle,
        locale: str | None,
        entry_hashes: Mapping[str, str],
        cache_dir: Path | None,
        workers: int = 1,
    ) -> None:
        pages = list(self.pages.values())
        self.run = NoteRun(pages, bibtex, style, locale, entry_hashes, cache_dir, workers)
        self.in_quote = punctuation_in_quote(locale, style.text)

    @property
    def running(self) -> bool:
        return self.run is not None and self.run.running

    def texts(self) -> dict[int, NoteText]:
        if self.run is None:
            return {}
        try:
            return self.run.result()
        except PandocError as error:
            self.error = str(error)
            self.run = None
            self.report(
                Diagnostic(
                    "mkdocs.yml",
                    None,
                    "citations.pandoc",
                    f"Pandoc could not format the notes: {' '.join(str(error).split())[:300]}",
                    "fix the reported input; citations are shown as written meanwhile",
                )
            )
            return {}

    def render_page(
        self,
        src: str,
        clusters: Sequence[PageCluster],
        previews: Mapping[str, str],
        hold: Callable[[str], str] = str,
    ) -> tuple[dict[int, str], Callable[[str], str]]:
        """The page's rendered citations by slot, and what completes the written page
        (its sidenotes and footnotes) once they are filled in."""
        page = self.pages.get(src)
        if page is None:
            return {}, lambda text: text
        texts = self.texts()
        numbers = numbering(page.units)
        rendered = {}
        notes = []
        for pc in clusters:
            text = texts.get(pc.index) or NoteText(html.escape(pc.cluster.raw), "")
            number = numbers.clusters.get(pc.index) if text.note else None
            shown = [previews[k] for k in pc.cluster.keys if k in previews]
            rendered[pc.index] = cluster_html(pc.anchor, text, number, shown, hold)
            if number is not None:
                notes.append((number, pc.anchor, text.note))
        in_quote = self.in_quote
        return rendered, lambda text: place_notes(text, notes, numbers.footnotes, in_quote)
