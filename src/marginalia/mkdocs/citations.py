"""MkDocs adapter for citations: hands build events to ``marginalia.citations``.

``on_config`` reads the ``.bib`` files (through the content-keyed cache) and adds the
Markdown extension; ``on_page_content`` numbers each page's citations; ``on_env`` starts
Pandoc on all of them and returns, so that the pages' templates render while citeproc runs
on the other cores; ``on_post_page`` waits for it (the first time) and writes each
page's citations and reference list, and the Bibliography, into the page as it is
written (``on_page_context`` first, for a page whose table of contents holds a citation);
``on_post_build`` writes the BibTeX downloads.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from marginalia.bibliography import Bibliography, BibliographyCache
from marginalia.bibliography.files import BibFilesError, bib_files, watched_folders
from marginalia.citations import render as r
from marginalia.citations.collect import (
    TOKEN_MARK,
    TOKEN_RE,
    PageCluster,
    collect,
    locate,
    locate_in_snippets,
)
from marginalia.citations.extension import CitationsExtension
from marginalia.citations.pandoc import (
    RenderResult,
)
from marginalia.citations.sanitize import plain_text
from marginalia.citations.siterun import CitationRun
from marginalia.citations.sitewide import citing_places, uncited
from marginalia.citations.styles import StyleError, resolve_style
from marginalia.deferred import DeferredHtml
from marginalia.diagnostics import Diagnostic, closest
from marginalia.mkdocs.citationsconfig import CitationsConfig
from marginalia.mkdocs.feature import Feature
from marginalia.notes.site import NoteCitations
from marginalia.notes.styled import is_note_style
from marginalia.site import CitationUse, ReferenceSummary
from marginalia.urls import relative_link

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


_DEFAULT_BIBLIOGRAPHY_PAGE = "bibliography.md"
# Where the reference list and the Bibliography go when a page has no marker of its own.
_REFERENCES_HERE = "<!--mg-references-here-->"
_BIBLIOGRAPHY_HERE = "<!--mg-bibliography-here-->"


class CitationsFeature(Feature):
    """Pandoc citations resolved once per build, rendered into every page."""

    options: CitationsConfig
    assets = ("citations.css", "citations.js", "notes.css")

    def on_config(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.cache_dir = self.root / self.options.cache_dir
        try:
            paths = bib_files(self.root, self.options.bibliography)
        except BibFilesError as error:
            raise PluginError(f"citations.bibliography: {error}") from None
        self.has_bibliography = bool(paths)
        bib_files_shown = [(path, _display(path, self.root)) for path in paths]
        config.watch.extend(str(path) for path in paths)
        config.watch.extend(str(f) for f in watched_folders(self.root, self.options.bibliography))
        try:
            self.style = resolve_style(self.options.style, self.root)
        except StyleError as error:
            raise PluginError(f"citations: {error}") from error
        if self.style.path.is_relative_to(self.root):
            config.watch.append(str(self.style.path))
        self.bib = Bibliography.load(bib_files_shown, BibliographyCache(self.cache_dir))
        snippets = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
        snippets = [snippets] if isinstance(snippets, str) else list(snippets)
        self.snippet_folders = [(self.root / folder).resolve() for folder in snippets]
        for diagnostic in self.bib.diagnostics:
            self.report(diagnostic)
        names = [getattr(e, "__module__", e) for e in config.markdown_extensions]
        if "marginalia.citations" not in names and not any(
            isinstance(e, CitationsExtension) for e in config.markdown_extensions
        ):
            config.markdown_extensions.append(CitationsExtension())
        if "marginalia.notes" not in [*names, *config.markdown_extensions]:
            config.markdown_extensions.append("marginalia.notes")  # Pandoc's ^[inline notes]
        self.clusters: list[PageCluster] = []
        self.deferred = DeferredHtml()
        self.page_clusters: dict[str, list[PageCluster]] = {}
        self.notes = NoteCitations() if is_note_style(self.style) else None

    def on_page_content(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        src = page.file.src_uri
        html, clusters = collect(html, len(self.clusters))
        self.clusters.extend(clusters)
        self.page_clusters[src] = clusters
        info = self.site.page(src, page.url)
        info.citations = [
            CitationUse(key, pc.anchor, pc.section, pc.section_title)
            for pc in clusters
            for key in pc.cluster.keys
        ]
        self._report_unknown(page, clusters, info.nocite)
        return html

    def _report_unknown(self, page: Page, clusters: list[PageCluster], nocite: list[str]) -> None:
        if not self.has_bibliography:
            return  # reported once, in on_env: no bibliography is configured at all
        seen: dict[str, int] = {}
        source: str | None = None
        # A generated page (a tag page) cites what its data file says: report it there.
        origin = self.site.origins.get(page.file.src_uri)
        cited = [key for pc in clusters for key in pc.cluster.keys]
        for key in [*cited, *(k for k in nocite if k != "*")]:
            if key in self.bib.entries or (key in self.bib.broken and key in seen):
                continue  # an entry that cannot be read is reported once a page
            if source is None:
                source = origin.text if origin is not None else _page_source(page)
            line = locate(source, key, seen.get(key, 0))
            seen[key] = seen.get(key, 0) + 1
            path = Path(page.file.abs_src_path or page.file.src_uri)
            if origin is not None:
                path, line = self.root / origin.path, origin.line_in_text(line)
            elif line is None:
                found = locate_in_snippets(source, key, self.snippet_folders)
                if found is not None:
                    path, line = found
            unread = self.bib.broken.get(key)
            if unread is not None:
                self.report(
                    Diagnostic(
                        _display(path, self.root),
                        line,
                        "citations.unreadable-entry",
                        f"the entry '{key}' cited here cannot be read ({unread.where})",
                        "fix it there, where its fault is reported",
                    )
                )
                continue
            hint = closest(key, self.bib.entries)
            fix = f"did you mean '{hint}'?" if hint else "add an entry with this key to a .bib file"
            self.report(
                Diagnostic(
                    _display(path, self.root),
                    line,
                    "citations.unknown-key",
                    f"unknown citation key '{key}'",
                    fix,
                )
            )

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Start Pandoc on every citation of the site and return at once: the pages are
        rendered meanwhile, and their citations filled in when they are written."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self.result: RenderResult | None = None
        self.bib_page = None
        self.filled = False
        self.late: list[Page] = []  # written before Pandoc was done: completed after
        if not self.has_bibliography:
            self._leave_as_written(pages)
            return
        nocite = self._nocite_keys()
        cited = [k for pc in self.clusters for k in pc.cluster.keys if k in self.bib.entries]
        listed = list(dict.fromkeys([*cited, *nocite]))
        self.bib_page = self._bibliography_page(files)
        self.bib_url = self.bib_page.url if self.bib_page else None
        self.run = CitationRun(
            # A note style: the notes are formatted page by page (marginalia.notes), this
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
        if self.notes is not None:
            for page in pages:
                self.notes.add_page(
                    page.file.src_uri,
                    page.content or "",
                    self.page_clusters.get(page.file.src_uri, []),
                )
            bibtex, _ = self.bib.subset_bibtex(listed)
            entry_hashes = self.run._entry_hashes(listed)
            self.notes.start(bibtex, self.style, self.options.locale, entry_hashes, self.cache_dir)
        for page in pages:
            # Where the reference list goes, unless the page says so itself.
            if page.content is not None and r.REFERENCES_MARKER not in page.content:
                page.content = r.place(page.content, _REFERENCES_HERE, r.REFERENCES_MARKER)
        bib = self.bib_page
        if bib is not None and bib.content and r.BIBLIOGRAPHY_MARKER not in bib.content:
            bib.content = r.place(bib.content, _BIBLIOGRAPHY_HERE, r.BIBLIOGRAPHY_MARKER)
        self.bib_page_dest = self.bib_page.file.dest_uri if self.bib_page else None
        self.pages = pages
        self._report_uncited(set(listed))
        # A search plugin of the engine's own reads page.content before the template: it
        # must find the citations there (their previews and lists stay deferred).
        self.filled = any(name.rsplit("/", 1)[-1] == "search" for name in config.plugins)
        if self.filled:
            for page in pages:
                if page.content is not None:
                    page.content = self._fill(page.content, page)

    def on_page_context(
        self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        # A citation in a heading is in the table of contents, which the template writes.
        in_headings = [pc for pc in self.page_clusters.get(page.file.src_uri, []) if pc.in_heading]
        if in_headings and self.has_bibliography:
            _retitle_toc(page, in_headings, self._result())
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        if (
            self.has_bibliography
            and not self.filled
            and (
                self.page_clusters.get(page.file.src_uri)
                or r.REFERENCES_MARKER in output
                or _REFERENCES_HERE in output
                or TOKEN_MARK in output
                or page is self.bib_page
            )
        ):
            if self.run.running or (self.notes is not None and self.notes.running):
                # Pandoc is still at work: the page is written as it is, and completed
                # after the build, so that no page waits while others could be rendered.
                self.late.append(page)
                return None
            output = self._fill(output, page)
        return self.deferred.release(output)

    def _fill(self, output: str, page: Page) -> str:
        """The written page with its citations, its reference list and, on the
        Bibliography page, every work."""
        result = self._result()
        refs = result.references
        if page is not self.bib_page:
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
        own = own.replace(r.BIBLIOGRAPHY_MARKER, _BIBLIOGRAPHY_HERE, 1)
        return own.replace(_BIBLIOGRAPHY_HERE, section, 1).replace(_BIBLIOGRAPHY_HERE, "")

    def _result(self) -> RenderResult:
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
                            p, title=TOKEN_RE.sub(lambda m: self._text(result, int(m[1])), p.title)
                        )
                        for p in info.passages
                    ]
        return self.result

    def _text(self, result: RenderResult, index: int) -> str:
        """A citation's text, where it is copied as text (a note's title elsewhere)."""
        return plain_text(_at(result.clusters, index)) or self.clusters[index].cluster.raw

    def _leave_as_written(self, pages: list[Page]) -> None:
        """No bibliography configured: citations stay as written, and one advisory says so."""
        raw = {pc.index: html_escape(pc.cluster.raw) for pc in self.clusters}
        for page in pages:
            if page.content is not None:
                html = r.fill_slots(page.content, raw, lambda n: self.clusters[n].cluster.raw)
                page.content = html.replace(r.REFERENCES_MARKER, "")
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

    def _nocite_keys(self) -> list[str]:
        keys: list[str] = []
        for info in self.site.pages.values():
            for key in info.nocite:
                keys.extend(self.bib.entries if key == "*" else [key])
        return [k for k in dict.fromkeys(keys) if k in self.bib.entries]

    def _render_page(
        self,
        html: str,
        page: Page,
        result: RenderResult,
        refs: dict[str, str],
        bib_url: str | None,
        with_list: bool = True,
    ) -> str:
        """``html`` (the written page) with its citations and its reference list."""
        clusters = self.page_clusters.get(page.file.src_uri, [])
        complete = None
        if self.notes is not None:
            rendered, complete = self.notes.render_page(
                page.file.src_uri, clusters, result.previews, self.deferred.hold
            )
        else:
            rendered = {
                pc.index: r.render_cluster(
                    pc, _at(result.clusters, pc.index), result.previews, self.deferred.hold
                )
                for pc in clusters
            }
        if clusters or TOKEN_MARK in html:
            html = r.fill_slots(html, rendered, lambda n: self._text(result, n))
        if complete is not None:
            html = complete(html)
        info = self.site.page(page.file.src_uri, page.url)
        nocite = [k for k in self._expand(info.nocite) if k in refs]
        own = set(info.cited_keys) | set(nocite)
        keys = [k for k in refs if k in own]
        if not keys or not with_list:
            return html.replace(r.REFERENCES_MARKER, "").replace(_REFERENCES_HERE, "")
        to_bib = relative_link(bib_url, page.url) if bib_url is not None else None
        has_marker = r.REFERENCES_MARKER in html
        title = None if has_marker else self.options.references_title
        section = self.deferred.hold(r.references_section(keys, refs, to_bib, title))
        html = html.replace(r.REFERENCES_MARKER, _REFERENCES_HERE, 1)
        html = html.replace(_REFERENCES_HERE, section, 1)
        return html.replace(r.REFERENCES_MARKER, "").replace(_REFERENCES_HERE, "")

    def _expand(self, keys: list[str]) -> list[str]:
        return [k for key in keys for k in (self.bib.entries if key == "*" else [key])]

    def _citing(self, pages: list[Page]) -> dict[str, list[r.Citing]]:
        # Generated pages (tag listings) repeat what their sources cite: not a place to list.
        infos = [
            self.site.pages[p.file.src_uri]
            for p in pages
            if p.file.src_uri in self.site.pages and not p.file.generated_by
        ]
        return citing_places(infos, self._expand)

    def _bibliography_page(self, files: Files) -> Page | None:
        name = self.options.bibliography_page or _DEFAULT_BIBLIOGRAPHY_PAGE
        file = files.get_file_from_path(name)
        if file is None or file.page is None:
            if self.options.bibliography_page:
                self.report(
                    Diagnostic(
                        "mkdocs.yml",
                        None,
                        "citations.no-bibliography-page",
                        f"the bibliography page '{name}' is not in docs/",
                        "create it or change citations.bibliography_page",
                    )
                )
            return None
        return file.page

    def _report_uncited(self, listed: set[str]) -> None:
        if self.options.report_uncited:
            for diagnostic in uncited(self.bib.entries, listed):
                self.report(diagnostic)

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.has_bibliography:
            return
        refs = self._result().references  # every work, even when no page needed them
        for page in self.late:
            path = Path(page.file.abs_dest_path)
            written = path.read_text(encoding="utf-8")
            path.write_text(self.deferred.release(self._fill(written, page)), encoding="utf-8")
        dest = getattr(self, "bib_page_dest", None)
        if dest is None:
            return
        # One file, not one per entry: writing thousands of small files cost seconds.
        folder = Path(config.site_dir) / Path(dest).parent
        folder.mkdir(parents=True, exist_ok=True)
        everything, _ = self.bib.subset_bibtex(list(refs))
        (folder / "references.bib").write_text(everything, encoding="utf-8")


def _retitle_toc(page: Page, in_headings: list[PageCluster], result: RenderResult) -> None:
    """The table of contents was made from the Markdown, where a citation in a heading was
    still as written ("After @ostrom1996"): give it the formatted text ("After Ostrom
    (1996)"), as Pandoc's own table of contents would."""
    if not in_headings:
        return
    by_id: dict[str, list[PageCluster]] = {}
    for pc in in_headings:
        if pc.section:
            by_id.setdefault(pc.section, []).append(pc)
    stack = list(page.toc)
    while stack:
        item = stack.pop()
        stack.extend(item.children)
        for pc in by_id.get(item.id, ()):
            text = plain_text(_at(result.clusters, pc.index))
            if text:
                item.title = item.title.replace(
                    html_escape(pc.cluster.raw, quote=False), html_escape(text, quote=False), 1
                )


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _page_source(page: Page) -> str:
    try:
        return page.file.content_string
    except (OSError, TypeError, ValueError):
        return page.markdown or ""


def _at(items: list[str], index: int) -> str:
    return items[index] if index < len(items) else ""
