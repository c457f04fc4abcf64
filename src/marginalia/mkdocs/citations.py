"""MkDocs adapter for citations: hands build events to ``marginalia.citations``.

``on_config`` reads the ``.bib`` files (through the content-keyed cache) and adds the
Markdown extension; ``on_page_content`` numbers each page's citations; ``on_env`` starts
Pandoc on all of them and returns, so that the pages' templates render while citeproc runs
on the other cores; ``on_post_page`` waits for it (the first time) and writes each
page's citations and reference list, and the Bibliography, into the page as it is
written (``on_page_context`` first, for a page whose table of contents holds a citation);
``on_post_build`` writes the BibTeX downloads. The work is ``SiteCitations``'
(``marginalia.citations.sitepages``), which knows no engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from marginalia.citations.extension import CitationsExtension
from marginalia.citations.sitepages import (
    DEFAULT_BIBLIOGRAPHY_PAGE,
    CitationsSetupError,
    PageRef,
    SiteCitations,
)
from marginalia.mkdocs.citationsconfig import CitationsConfig
from marginalia.mkdocs.feature import Feature

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class CitationsFeature(Feature):
    """Pandoc citations resolved once per build, rendered into every page."""

    options: CitationsConfig
    assets = ("citations.css", "citations.js", "notes.css")

    def on_config(self, config: MkDocsConfig) -> None:
        root = Path(config.config_file_path or ".").resolve().parent
        self.core = SiteCitations(self.options, self.site, self.report, root)
        snippets = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
        snippets = [snippets] if isinstance(snippets, str) else list(snippets)
        try:
            config.watch.extend(self.core.setup(snippets))
        except CitationsSetupError as error:
            raise PluginError(str(error)) from None
        self.has_bibliography = self.core.has_bibliography
        names = [getattr(e, "__module__", e) for e in config.markdown_extensions]
        if "marginalia.citations" not in names and not any(
            isinstance(e, CitationsExtension) for e in config.markdown_extensions
        ):
            config.markdown_extensions.append(CitationsExtension())
        if "marginalia.notes" not in [*names, *config.markdown_extensions]:
            config.markdown_extensions.append("marginalia.notes")  # Pandoc's ^[inline notes]

    def on_page_content(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return self.core.collect_page(
            html, _ref(page), lambda: _page_source(page), page.file.abs_src_path
        )

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Start Pandoc on every citation of the site and return at once: the pages are
        rendered meanwhile, and their citations filled in when they are written."""
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self.filled = False
        self.late: list[Page] = []  # written before Pandoc was done: completed after
        self.bib_page_dest: str | None = None
        if not self.has_bibliography:
            for page in pages:
                if page.content is not None:
                    page.content = self.core.leave_as_written(page.content)
            self.core.report_as_written()
            return
        bib_page = self._bibliography_page(files)
        self.core.begin([_ref(p) for p in pages], _ref(bib_page) if bib_page else None)
        self.core.begin_notes([(_ref(p), p.content or "") for p in pages])
        for page in pages:
            if page.content is not None:
                page.content = self.core.place_lists(page.content, _ref(page))
        self.bib_page_dest = bib_page.file.dest_uri if bib_page else None
        # A search plugin of the engine's own reads page.content before the template: it
        # must find the citations there (their previews and lists stay deferred).
        self.filled = any(name.rsplit("/", 1)[-1] == "search" for name in config.plugins)
        if self.filled:
            for page in pages:
                if page.content is not None:
                    page.content = self.core.fill(page.content, _ref(page))

    def on_page_context(
        self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        # A citation in a heading is in the table of contents, which the template writes.
        _retitle_toc(page, self.core.heading_titles(page.file.src_uri))
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        ref = _ref(page)
        if self.has_bibliography and not self.filled and self.core.needs_filling(output, ref):
            if self.core.running:
                # Pandoc is still at work: the page is written as it is, and completed
                # after the build, so that no page waits while others could be rendered.
                self.late.append(page)
                return None
            output = self.core.fill(output, ref)
        return self.core.deferred.release(output)

    def _bibliography_page(self, files: Files) -> Page | None:
        name = self.options.bibliography_page or DEFAULT_BIBLIOGRAPHY_PAGE
        file = files.get_file_from_path(name)
        if file is None or file.page is None:
            if self.options.bibliography_page:
                self.core.report_no_bibliography_page(name)
            return None
        return file.page

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.has_bibliography:
            return
        for page in self.late:
            path = Path(page.file.abs_dest_path)
            written = path.read_text(encoding="utf-8")
            filled = self.core.fill(written, _ref(page))
            path.write_text(self.core.deferred.release(filled), encoding="utf-8")
        self.core.write_downloads(Path(config.site_dir), self.bib_page_dest)


def _ref(page: Page) -> PageRef:
    return PageRef(page.file.src_uri, page.url, bool(page.file.generated_by))


def _retitle_toc(page: Page, titles: dict[str, list[tuple[str, str]]]) -> None:
    """The table of contents was made from the Markdown, where a citation in a heading was
    still as written ("After @ostrom1996"): give it the formatted text ("After Ostrom
    (1996)"), as Pandoc's own table of contents would."""
    if not titles:
        return
    stack = list(page.toc)
    while stack:
        item = stack.pop()
        stack.extend(item.children)
        for raw, text in titles.get(item.id, ()):
            item.title = item.title.replace(raw, text, 1)


def _page_source(page: Page) -> str:
    try:
        return page.file.content_string
    except (OSError, TypeError, ValueError):
        return page.markdown or ""
