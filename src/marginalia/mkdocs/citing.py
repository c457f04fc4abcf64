"""MkDocs adapter for 'Cite this page': hands pages and settings to ``marginalia.citing``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

from marginalia.citations.styles import StyleError, resolve_style
from marginalia.citing import (
    CslRenderError,
    PageCitation,
    citation_key,
    cite_block,
    parse_date,
    render_references,
    scholar_meta_tags,
    style_title,
)
from marginalia.diagnostics import Diagnostic
from marginalia.mkdocs.feature import Feature

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# Our own marker in the page HTML, replaced in on_post_page: the block is added after the
# search index has read the page, so citations of pages never flood search results.
PLACEHOLDER = "<!-- marginalia:cite-this-page -->"
DEFAULT_STYLE = "apa"


class CitingConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn 'Cite this page' and the Scholar meta tags off."""

    author = c.Type(str, default="")
    """The collective named as author of every page's citation; empty: no author is given."""

    page_types = c.ListOfItems(c.Type(str), default=["critique", "project"])
    """The page types that get a 'Cite this page' box and Scholar meta tags."""

    style = c.Type(str, default="")
    """A CSL style name (``apa``) or a ``.csl`` file relative to ``mkdocs.yml``; empty (the
    default): the style and locale the citations feature is configured with."""


class CitingFeature(Feature):
    """Builds every citable page's citation once all pages are known, in one Pandoc run."""

    options: CitingConfig
    assets = ("citing.css",)

    def on_config(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.site_url = config.site_url or ""
        self.site_name = config.site_name
        self.language = str(config.theme.get("language") or "")
        self.citations: dict[str, PageCitation] = {}
        self.references: dict[str, str] = {}
        self.style: Path | None = None
        self.style_title = ""
        citations = _citations_options(config)
        self.locale: str | None = citations.get("locale") if citations else None
        name = self.options.style or (citations.get("style") if citations else "") or DEFAULT_STYLE
        try:
            self.style = resolve_style(name, self.root).path
        except StyleError as error:
            if self.options.style:
                raise PluginError(f"marginalia citing.style: {error}") from None
            # The citations feature reports its own broken style; cite pages in APA meanwhile.
            self.style = resolve_style(DEFAULT_STYLE, self.root).path
        self.style_title = style_title(self.style)
        return None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        types = set(self.options.page_types)
        pages: dict[str, Page] = {}
        for file in files.documentation_pages():
            info = self.site.pages.get(file.src_uri)
            if file.page is None or info is None or info.type not in types:
                continue
            self.citations[file.src_uri] = self._citation(file.page, info.title, info.meta)
            pages[file.src_uri] = file.page
        try:
            if self.style is not None:
                self.references = render_references(
                    list(self.citations.values()), self.style, self.locale
                )
        except CslRenderError as error:
            self.report(
                Diagnostic(
                    "mkdocs.yml",
                    None,
                    "citing.render-failed",
                    f"Pandoc could not render the pages' citations: {error}",
                    "check the CSL style named in the citing or citations settings",
                )
            )
        for page in pages.values():
            page.content = (page.content or "") + "\n" + PLACEHOLDER
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        citation = self.citations.get(page.file.src_uri)
        if citation is None:
            return None
        block = cite_block(citation, self.references.get(citation.key), self.style_title)
        output = output.replace(PLACEHOLDER, block, 1)
        head = scholar_meta_tags(citation) + "\n"
        return output.replace("</head>", head + "</head>", 1)

    def _project_path(self, page: Page) -> str:
        """The page's source path from the project root (``docs/essays/x.md``)."""
        source = Path(page.file.abs_src_path or page.file.src_uri)
        try:
            return source.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return f"docs/{page.file.src_uri}"

    def _citation(self, page: Page, title: str, meta: dict) -> PageCitation:
        date = None
        if meta.get("date") is not None:
            date = parse_date(meta["date"])
            if date is None:
                self.report(
                    Diagnostic(
                        self._project_path(page),
                        _front_matter_line(page, "date"),
                        "citing.bad-date",
                        f"date {str(meta['date'])!r} is not a date",
                        "write YYYY, YYYY-MM or YYYY-MM-DD, or leave the date out (cited as n.d.)",
                    )
                )
        url = (self.site_url.rstrip("/") + "/" + page.url) if self.site_url else page.url
        return PageCitation(
            key=citation_key(page.url),
            title=title,
            url=url,
            site_name=self.site_name,
            author=self.options.author,
            date=date,
            language=self.language,
        )


def _citations_options(config: MkDocsConfig):
    """The citations feature's settings (style, locale), so pages are cited the same way."""
    plugin = config.plugins.get("marginalia")
    return getattr(getattr(plugin, "config", None), "citations", None)


def _front_matter_line(page: Page, key: str) -> int | None:
    try:
        lines = Path(page.file.abs_src_path or "").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return None
        if pattern.match(line):
            return number
    return None
