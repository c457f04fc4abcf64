"""MkDocs adapter for site search: marks each page's article and runs Pagefind after the build.

It replaces Material's ``search`` plugin: the header's search box (``partials/header.html``
and ``partials/pagefind-search.html`` in ``marginalia/templates/``, put in the theme's
template path after the site's own ``custom_dir``) is driven by
``assets/marginalia/search.js``, which loads Pagefind's bundle from the site itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.diagnostics import Diagnostic
from marginalia.mkdocs.feature import Feature
from marginalia.mkdocs.options import Number
from marginalia.search import (
    BODY_ATTRIBUTE,
    DEFAULT_EXCLUDE_SELECTORS,
    index_site,
    last_lines,
    mark_page_body,
)
from marginalia.search.body import DEFAULT_BODY_CLASS
from marginalia.search.filters import write_site_filters

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


class SearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn Pagefind search off (no index is written and the header has no search box)."""

    exclude_selectors = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE_SELECTORS))
    """CSS selectors of elements left out of the index: reference lists, citation previews,
    "Cite this page", "Related" and "Linked from" all carry ``data-search-exclude``."""

    body_class = c.Type(str, default=DEFAULT_BODY_CLASS)
    """The class of the ``<article>`` whose text is indexed (Material's content area)."""

    filters = c.Type(bool, default=True)
    """Record each page's type and tags as Pagefind filters (``type:``, ``tag:``)."""

    timeout = Number((int, float), default=600, above=0)
    """Seconds Pagefind may take before indexing is reported as failed."""


class SearchFeature(Feature):
    """Offers each page's article to Pagefind and writes the index into the built site."""

    options: SearchConfig
    assets = ("search.css", "search.js")

    def on_config(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.config_name = Path(config.config_file_path or "mkdocs.yml").name
        self.marked = 0
        # After the site's custom_dir (a site may override these partials too), before the
        # theme's own templates. The theme object lives across `mkdocs serve` rebuilds.
        dirs = config.theme.dirs
        if str(TEMPLATES) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        if "material/search" in config.plugins or "search" in config.plugins:
            self.report(
                Diagnostic(
                    self.config_name,
                    None,
                    "search.two-engines",
                    "Material's search plugin is enabled next to marginalia's Pagefind search; "
                    "the header shows Material's box and loads its whole index",
                    "remove `- search` from `plugins:` (or set marginalia `search: {enabled: "
                    "false}` to keep Material's)",
                )
            )
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        info = self.site.pages.get(page.file.src_uri)
        filters: list[tuple[str, str]] = []
        if self.options.filters and info is not None:
            filters += [("type", info.type)] if info.type else []
            filters += [("tag", tag) for tag in info.tags]
        # The page's top-level section ("Concepts", "Tags"), shown next to its title in the
        # results: a concept and its tag page often share a title.
        section = page.ancestors[-1].title if page.ancestors else ""
        meta = [("section", section)] if section and section != page.title else []
        marked = mark_page_body(
            output, body_class=self.options.body_class, filters=filters, meta=meta
        )
        if marked is None:
            self.report(
                Diagnostic(
                    self._source_path(page, config),
                    None,
                    "search.no-page-body",
                    f'the built page has no <article class="{self.options.body_class}">, so '
                    "search will not find it",
                    "keep Material's content block in the theme overrides, or set "
                    "`search.body_class` to the class of the page's main element",
                )
            )
            return None
        self.marked += 1
        return marked

    def on_post_build(self, config: MkDocsConfig) -> None:
        write_site_filters(Path(config.site_dir), self.site, self.options.filters)
        if not self.marked:
            return  # nothing to index: every page was reported above, or the site is empty
        run = index_site(
            Path(config.site_dir),
            exclude_selectors=self.options.exclude_selectors,
            timeout=self.options.timeout,
        )
        if not run.ok:
            detail = f" ({last_lines(run.output)})" if run.output else ""
            self.report(
                Diagnostic(
                    self.config_name,
                    None,
                    "search.index-failed",
                    f"the search index could not be written: {run.problem}{detail}",
                    "reinstall the pinned `pagefind[bin]` (make clean && make), or set "
                    "PAGEFIND_BINARY_PATH to a Pagefind 1.x binary",
                )
            )
            return
        self.log.info(
            f"search: Pagefind indexed {run.pages} pages in {run.seconds:.2f} s "
            f"(marked {self.marked} with {BODY_ATTRIBUTE})"
        )

    def _source_path(self, page: Page, config: MkDocsConfig) -> str:
        docs = os.path.relpath(config.docs_dir, self.root)
        return Path(docs, page.file.src_uri).as_posix()
