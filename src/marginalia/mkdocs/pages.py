"""Front matter into ``PageInfo``: title, page type, one-line summary, tags.

The front matter is checked here, against the schema in ``marginalia.checks.frontmatter``,
before any other feature reads it.
"""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.checks.frontmatter import (
    DEFAULT_SITE_PAGES,
    PageSchema,
    without_block,
)
from marginalia.checks.pagefaults import missing_snippet_fault, unsafe_link_faults
from marginalia.checks.snippets import SnippetGuard
from marginalia.checks.unsafelinks import UnsafeLinksExtension
from marginalia.mkdocs.feature import Feature
from marginalia.mkdocs.options import TextByName
from marginalia.pageinfo import index_page

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


class PagesConfig(base.Config):
    types_by_folder = TextByName(example="essays: critique")
    """Page type implied by a top-level folder of ``docs/``, e.g. ``{essays: critique}``.
    A ``type:`` key in a page's front matter overrides it."""

    types = c.ListOfItems(c.Type(str), default=["critique", "project", "concept"])
    """The page types a content page may declare."""

    site_pages = c.ListOfItems(c.Type(str), default=list(DEFAULT_SITE_PAGES))
    """Glob patterns (over paths in ``docs/``) of site pages: the home, index pages,
    Bibliography, Contributing, tag pages. They need no type and no summary; any other page
    without a type is reported (``pages.missing-type``)."""

    extra_keys = c.ListOfItems(c.Type(str), default=[])
    """Front matter keys to accept besides the known ones (others are reported as
    ``pages.unknown-key`` advisories)."""


class PagesFeature(Feature):
    """Records what every page says about itself, before any other feature looks."""

    options: PagesConfig
    assets = ("marginalia.css",)

    def on_config(self, config: MkDocsConfig) -> None:
        self.schema = PageSchema(
            types=tuple(self.options.types),
            types_by_folder=dict(self.options.types_by_folder),
            site_pages=tuple(self.options.site_pages),
            extra_keys=frozenset(self.options.extra_keys),
        )
        self.root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.docs = os.path.relpath(config.docs_dir, self.root).replace(os.sep, "/")
        self.unsafe_links = UnsafeLinksExtension()
        config.markdown_extensions.append(self.unsafe_links)  # type: ignore[arg-type]
        self.snippets: SnippetGuard | None = None
        names = [getattr(e, "__module__", e) for e in config.markdown_extensions]
        if "pymdownx.snippets" in names:
            # After it in the list, so that it wraps the snippet preprocessor of each page.
            self.snippets = SnippetGuard()
            config.markdown_extensions.append(self.snippets)  # type: ignore[arg-type]
            bases = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
            bases = [bases] if isinstance(bases, str) else list(bases)
            self.snippet_bases = [str(b).rstrip("/") + "/" for b in bases]
        return None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
        if self.snippets is not None:
            seen: dict[tuple[str | None, str], int] = {}
            for missing in self.snippets.take():
                self.report(
                    missing_snippet_fault(
                        missing,
                        page.file.abs_src_path,
                        page.file.src_uri,
                        self.root,
                        self.snippet_bases,
                        seen,
                    )
                )
        self._report_unsafe_links(page)
        return None

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        src_uri = page.file.src_uri
        self.unsafe_links.found.clear()
        info = self.site.page(src_uri, page.url)
        meta = page.meta or {}
        source, path = None, src_uri
        if page.file.abs_src_path and os.path.isfile(page.file.abs_src_path):
            path = os.path.relpath(page.file.abs_src_path, self.root).replace(os.sep, "/")
            source = page.file.content_string
        front = index_page(info, meta, page.title or "", source, self.schema, path, self.report)
        if front is not None and any(d.code == "pages.yaml-error" for d in front.diagnostics):
            markdown = without_block(markdown)
        for key in ("title", "description"):
            # MkDocs and Material write these into the HTML as they are (the navigation,
            # <title>, <meta name="description">): front matter is text, so it is escaped,
            # as Markup, which Jinja's own "| e" then leaves as it is.
            if isinstance(meta.get(key), str):
                meta[key] = Markup(html.escape(meta[key]))
        return markdown

    def _report_unsafe_links(self, page: Page) -> None:
        found = list(self.unsafe_links.found)
        self.unsafe_links.found.clear()
        if not found:
            return
        source = page.file.content_string if page.file.abs_src_path else ""
        path = f"{self.docs}/{page.file.src_uri}" if self.docs != "." else page.file.src_uri
        # A generated page (a tag page) is reported where its text was written.
        origin = self.site.origins.get(page.file.src_uri)
        for fault in unsafe_link_faults(found, path, source, origin):
            self.report(fault)
        return None
