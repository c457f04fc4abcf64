"""Citations over a whole site, for any engine: the ``.bib`` files read, each page's
citations collected from its HTML, Pandoc started on all of them, and each written page
filled with its citations, its reference list and, on the Bibliography page, every work.

An engine adapter (``marginalia.mkdocs.citations``, the Zensical driver) hands pages to
``SiteCitations`` as ``PageRef`` records and HTML strings: it never sees an engine's page
object, so the same code runs inside MkDocs and over HTML an engine has already written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from html import escape as html_escape
from pathlib import Path
from typing import Any

from marginalia.bibliography import Bibliography, BibliographyCache
from marginalia.bibliography.files import BibFilesError, bib_files, watched_folders
from marginalia.citations import render as r
from marginalia.citations.collect import (
    TOKEN_MARK,
    TOKEN_RE,
    PageCluster,
    collect,
)
from marginalia.citations.pandoc import RenderResult
from marginalia.citations.sanitize import plain_text
from marginalia.citations.siterun import CitationRun, default_workers
from marginalia.citations.sitewide import citing_places, uncited
from marginalia.citations.styles import StyleError, resolve_style
from marginalia.citations.unknownkeys import KeyPlaces, display, unknown_keys
from marginalia.deferred import DeferredHtml
from marginalia.diagnostics import Diagnostic
from marginalia.notes.margin import margin_references
from marginalia.notes.site import NoteCitations
from marginalia.notes.styled import is_note_style
from marginalia.site import CitationUse, ReferenceSummary, SiteIndex
from marginalia.urls import relative_link

DEFAULT_BIBLIOGRAPHY_PAGE = "bibliography.md"
# Where the reference list and the Bibliography go when a page has no marker of its own.
REFERENCES_HERE = "<!--mg-references-here-->"
BIBLIOGRAPHY_HERE = "<!--mg-bibliography-here-->"


class CitationsSetupError(Exception):
    """A setting that stops the build (no .bib file matches a pattern, an unknown style)."""


@dataclass(frozen=True)
class PageRef:
    """A page as the core knows it: its path in ``docs/``, its URL, and whether a feature
    generated it (a tag page), which makes it no place to list in "Cited in"."""

    src: str
    url: str
    generated: bool = False


class SiteCitations:
    """Pandoc citations resolved once per build, rendered into every page."""

    def __init__(
        self, options: Any, site: SiteIndex, report: Callable[[Diagnostic], None], root: Path
    ) -> None:
        self.options = options
        self.site = site
        self.report = report
        self.root = root
        self.cache_dir = root / options.cache_dir
        self.clusters: list[PageCluster] = []
        self.deferred = DeferredHtml()
        self.page_clusters: dict[str, list[PageCluster]] = {}
        self.result: RenderResult | None = None
        self.bib_page: PageRef | None = None
        self.bib_url: str | None = None
        self.pages: list[PageRef] = []
        self.notes: NoteCitations | None = None  # a note style's notes, page by page

    def setup(self, snippet_folders: Iterable[str]) -> list[str]:
        """Read the ``.bib`` files and the style; the files and folders to watch."""
        try:
            paths = bib_files(self.root, self.options.bibliography)
        except BibFilesError as error:
            raise CitationsSetupError(f"citations.bibliography: {error}") from None
        self.has_bibliography = bool(paths)
        watch = [str(path) for path in paths]
        watch.extend(str(f) for f in watched_folders(self.root, self.options.bibliography))
        try:
            self.style = resolve_style(self.options.style, self.root)
        except StyleError as error:
            raise CitationsSetupError(f"citations: {error}") from error
        if self.style.path.is_relative_to(self.root):
            watch.append(str(self.style.path))
        self.notes = NoteCitations(self.report) if is_note_style(self.style) else None
        shown = [(path, display(path, self.root)) for path in paths]
        self.bib = Bibliography.load(shown, BibliographyCache(self.cache_dir))
        self.snippet_folders = [(self.root / folder).resolve() for folder in snippet_folders]
        for diagnostic in self.bib.diagnostics:
            self.report(diagnostic)
        return watch

    # -- per page -----------------------------------------------------------------------

    def collect_page(
        self, html: str, page: PageRef, source: Callable[[], str], abs_src: str | None
    ) -> str:
        """Number the page's citations (slots in ``html``) and record them in its info."""
        html, clusters = collect(html, len(self.clusters))
        self.clusters.extend(clusters)
        self.page_clusters[page.src] = clusters
        info = self.site.page(page.src, page.url)
        info.citations = [
            CitationUse(key, pc.anchor, pc.section, pc.section_title)
            for pc in clusters
            for key in pc.cluster.keys
        ]
        if self.has_bibliography:  # else reported once, in begin(): no bibliography at all
            places = KeyPlaces(self.root, self.site.origins.get(page.src), self.snippet_folders)
            faults = unknown_keys(
                self.bib, page.src, source, abs_src, clusters, info.nocite, places
            )
            for fault in faults:
                self.report(fault)
        return html

    def slot_again(self, html: str, page: PageRef) -> str:
        """``html``, a page already collected from the same Markdown HTML, with the same
        slots (an engine that collects before it has written the page, then fills the
        written page)."""
        clusters = self.page_clusters.get(page.src, [])
        html, again = collect(html, clusters[0].index if clusters else len(self.clusters))
        if [c.cluster.raw for c in again] != [c.cluster.raw for c in clusters]:
            raise CitationsSetupError(
                f"{page.src}: the written page holds other citations than its Markdown did"
            )
        return html

    # -- site-wide ----------------------------------------------------------------------

    def begin(self, pages: Sequence[PageRef], bib_page: PageRef | None) -> None:
        """Start Pandoc on every citation of the site and return at once."""
        self.result = None
        self.pages = list(pages)
        self.bib_page = bib_page
        self.bib_url = bib_page.url if bib_page else None
        nocite = self._nocite_keys()
        cited = [k for pc in self.clusters for k in pc.cluster.keys if k in self.bib.entries]
        listed = list(dict.fromkeys([*cited, *nocite]))
        self.run = CitationRun(
            # A note style: the notes are formatted page by page (marginalia.notes); this
            # run gives the works' entries only.
            [] if self.notes else [pc.cluster.raw for pc in self.clusters],
            self.bib,
            self.style,
            self.options.locale,
            self.options.batch_size,
            self.options.workers,
            self.cache_dir,
            self.report,
        )
        self.run.start(listed, listed if self.notes else nocite)
        self._report_uncited(set(listed))

    def begin_notes(self, pages: Sequence[tuple[PageRef, str]]) -> None:
        """A note style: start Pandoc on each page's notes, from its HTML with its slots
        (``collect_page``'s output), once every page is converted."""
        if self.notes is None:
            return
        for page, content in pages:
            self.notes.add_page(page.src, content, self.page_clusters.get(page.src, []))
        listed = list(dict.fromkeys(k for pc in self.clusters for k in pc.cluster.keys))
        listed = [k for k in listed if k in self.bib.entries]
        hashes = self.run.entry_hashes(listed)
        workers = self.options.workers or default_workers()

        def bibtex(keys: Sequence[str]) -> str:
            return self.bib.subset_bibtex(k for k in keys if k in self.bib.entries)[0]

        self.notes.start(bibtex, self.style, self.options.locale, hashes, self.cache_dir, workers)

    @property
    def running(self) -> bool:
        """Whether waiting for Pandoc now would block."""
        return self.run.running or (self.notes is not None and self.notes.running)

    def place_lists(self, content: str, page: PageRef) -> str:
        """Where the reference list (and, on its page, the Bibliography) goes, unless the
        page says so itself."""
        if r.REFERENCES_MARKER not in content:
            content = r.place(content, REFERENCES_HERE, r.REFERENCES_MARKER)
        if page == self.bib_page and content and r.BIBLIOGRAPHY_MARKER not in content:
            content = r.place(content, BIBLIOGRAPHY_HERE, r.BIBLIOGRAPHY_MARKER)
        return content

    def needs_filling(self, output: str, page: PageRef) -> bool:
        return bool(
            self.page_clusters.get(page.src)
            or r.REFERENCES_MARKER in output
            or REFERENCES_HERE in output
            or TOKEN_MARK in output
            or page == self.bib_page
        )

    def fill(self, output: str, page: PageRef) -> str:
        """The written page with its citations, its reference list and, on the
        Bibliography page, every work."""
        result = self.result_now()
        refs = result.references
        if page != self.bib_page:
            return self._render_page(output, page, result, refs, self.bib_url)
        section = r.bibliography_section(
            list(refs),
            refs,
            self.bib.entries,
            self._citing(self.pages),
            page.url,
            lambda key: [e.key for e in self.bib.with_parents([key])],
            "references.bib",
            self.deferred.hold,
        )
        own = self._render_page(output, page, result, refs, None, with_list=False)
        own = own.replace(r.BIBLIOGRAPHY_MARKER, BIBLIOGRAPHY_HERE, 1)
        return own.replace(BIBLIOGRAPHY_HERE, section, 1).replace(BIBLIOGRAPHY_HERE, "")

    def result_now(self) -> RenderResult:
        """Pandoc's result, waited for the first time it is needed."""
        if self.result is None:
            self.result = self.run.result()
            for key, text in self.result.references.items():
                url = f"{self.bib_url}#ref-{key}" if self.bib_url is not None else ""
                self.site.references[key] = ReferenceSummary(key, plain_text(text), url)
            result = self.result
            for info in self.site.pages.values():  # titles of notes that hold citations
                if any(TOKEN_MARK in p.title for p in info.passages):
                    info.passages = [
                        replace(
                            p, title=TOKEN_RE.sub(lambda m: self.text(result, int(m[1])), p.title)
                        )
                        for p in info.passages
                    ]
        return self.result

    def text(self, result: RenderResult, index: int) -> str:
        """A citation's text, where it is copied as text (a note's title elsewhere)."""
        if self.notes is not None:  # a note style: what stays in the text (its note aside)
            note = self.notes.texts().get(index)
            return plain_text(note.in_text) if note else self.clusters[index].cluster.raw
        return plain_text(at(result.clusters, index)) or self.clusters[index].cluster.raw

    def leave_as_written(self, content: str) -> str:
        """No bibliography configured: citations stay as written (``report_as_written``
        says so once)."""
        raw = {pc.index: html_escape(pc.cluster.raw) for pc in self.clusters}
        html = r.fill_slots(content, raw, lambda n: self.clusters[n].cluster.raw)
        return html.replace(r.REFERENCES_MARKER, "")

    def report_as_written(self) -> None:
        if self.clusters:
            self.report(
                Diagnostic(
                    "mkdocs.yml",
                    None,
                    "citations.no-bibliography",
                    f"{len(self.clusters)} citations are shown as written: no bibliography is "
                    "configured",
                    "add a .bib file to bib/, or list your .bib files under plugins: "
                    "marginalia: citations: bibliography",
                    "advisory",
                )
            )

    def report_no_bibliography_page(self, name: str) -> None:
        self.report(
            Diagnostic(
                "mkdocs.yml",
                None,
                "citations.no-bibliography-page",
                f"the bibliography page '{name}' is not in docs/",
                "create it or change citations.bibliography_page",
            )
        )

    def _nocite_keys(self) -> list[str]:
        keys: list[str] = []
        for info in self.site.pages.values():
            for key in info.nocite:
                keys.extend(self.bib.entries if key == "*" else [key])
        return [k for k in dict.fromkeys(keys) if k in self.bib.entries]

    def _render_page(
        self,
        html: str,
        page: PageRef,
        result: RenderResult,
        refs: dict[str, str],
        bib_url: str | None,
        with_list: bool = True,
    ) -> str:
        """``html`` (the written page) with its citations and its reference list."""
        clusters = self.page_clusters.get(page.src, [])
        complete = None
        if self.notes is not None:
            rendered, complete = self.notes.render_page(
                page.src, clusters, result.previews, self.deferred.hold
            )
        else:
            rendered = {
                pc.index: r.render_cluster(
                    pc, at(result.clusters, pc.index), result.previews, self.deferred.hold
                )
                for pc in clusters
            }
        if clusters or TOKEN_MARK in html:
            html = r.fill_slots(html, rendered, lambda n: self.text(result, n))
        if complete is not None:
            html = complete(html)  # the notes beside their paragraphs and in the footnotes
        elif clusters and getattr(self.options, "citation_location", "document") == "margin":
            html = margin_references(html, clusters, refs)
        info = self.site.page(page.src, page.url)
        nocite = [k for k in self._expand(info.nocite) if k in refs]
        own = set(info.cited_keys) | set(nocite)
        keys = [k for k in refs if k in own]
        if not keys or not with_list:
            return html.replace(r.REFERENCES_MARKER, "").replace(REFERENCES_HERE, "")
        to_bib = relative_link(bib_url, page.url) if bib_url is not None else None
        has_marker = r.REFERENCES_MARKER in html
        title = None if has_marker else self.options.references_title
        section = self.deferred.hold(r.references_section(keys, refs, to_bib, title))
        html = html.replace(r.REFERENCES_MARKER, REFERENCES_HERE, 1)
        html = html.replace(REFERENCES_HERE, section, 1)
        return html.replace(r.REFERENCES_MARKER, "").replace(REFERENCES_HERE, "")

    def _expand(self, keys: list[str]) -> list[str]:
        return [k for key in keys for k in (self.bib.entries if key == "*" else [key])]

    def _citing(self, pages: list[PageRef]) -> dict[str, list[r.Citing]]:
        # Generated pages (tag listings) repeat what their sources cite: not a place to list.
        infos = [
            self.site.pages[p.src] for p in pages if p.src in self.site.pages and not p.generated
        ]
        return citing_places(infos, self._expand)

    def _report_uncited(self, listed: set[str]) -> None:
        if self.options.report_uncited:
            for diagnostic in uncited(self.bib.entries, listed):
                self.report(diagnostic)

    def write_downloads(self, site_dir: Path, bib_dest: str | None) -> None:
        """Every work as one ``references.bib`` beside the Bibliography page."""
        refs = self.result_now().references  # every work, even when no page needed them
        if bib_dest is None:
            return
        # One file, not one per entry: writing thousands of small files cost seconds.
        folder = site_dir / Path(bib_dest).parent
        folder.mkdir(parents=True, exist_ok=True)
        everything, _ = self.bib.subset_bibtex(list(refs))
        (folder / "references.bib").write_text(everything, encoding="utf-8")

    def heading_titles(self, src: str) -> dict[str, list[tuple[str, str]]]:
        """For each heading id whose text holds a citation: ``(as written, as formatted)``
        pairs, both HTML-escaped, for the table of contents that was made from the
        Markdown, where the citation was still as written."""
        in_headings = [pc for pc in self.page_clusters.get(src, []) if pc.in_heading]
        if not in_headings or not self.has_bibliography:
            return {}
        result = self.result_now()
        by_id: dict[str, list[tuple[str, str]]] = {}
        for pc in in_headings:
            text = self.text(result, pc.index)
            if pc.section and (text or self.notes is not None):
                by_id.setdefault(pc.section, []).append(
                    (html_escape(pc.cluster.raw, quote=False), html_escape(text, quote=False))
                )
        return by_id


def at(items: list[str], index: int) -> str:
    return items[index] if index < len(items) else ""
