"""MkDocs adapter for 'Cite this page': hands pages and settings to ``marginalia.citing``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

from marginalia.citations.styles import StyleError, resolve_style
from marginalia.citing.sitepages import PLACEHOLDER, SiteCiting, SiteFacts
from marginalia.mkdocs.feature import Feature

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

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
    """Builds every citable page's citation once all pages are known, in one Pandoc run
    (``marginalia.citing.sitepages``)."""

    options: CitingConfig
    assets = ("citing.css",)

    def on_config(self, config: MkDocsConfig) -> None:
        self.root = Path(config.config_file_path or ".").resolve().parent
        citations = _citations_options(config)
        locale: str | None = citations.get("locale") if citations else None
        name = self.options.style or (citations.get("style") if citations else "") or DEFAULT_STYLE
        try:
            style = resolve_style(name, self.root).path
        except StyleError as error:
            if self.options.style:
                raise PluginError(f"marginalia citing.style: {error}") from None
            # The citations feature reports its own broken style; cite pages in APA meanwhile.
            style = resolve_style(DEFAULT_STYLE, self.root).path
        facts = SiteFacts(
            site_url=config.site_url or "",
            site_name=config.site_name,
            author=self.options.author,
            language=str(config.theme.get("language") or ""),
        )
        self.citing = SiteCiting(facts, style, locale, self.report)
        return None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        types = set(self.options.page_types)
        for file in files.documentation_pages():
            info = self.site.pages.get(file.src_uri)
            page = file.page
            if page is None or info is None or info.type not in types:
                continue
            source = file.content_string if file.abs_src_path else ""
            path = self._project_path(page)
            self.citing.add_page(file.src_uri, page.url, info.title, info.meta, path, source)
            page.content = (page.content or "") + "\n" + PLACEHOLDER
        self.citing.render()
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        if page.file.src_uri not in self.citing.citations:
            return None
        return self.citing.write(page.file.src_uri, output)

    def _project_path(self, page: Page) -> str:
        """The page's source path from the project root (``docs/essays/x.md``)."""
        source = Path(page.file.abs_src_path or page.file.src_uri)
        try:
            return source.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return f"docs/{page.file.src_uri}"


def _citations_options(config: MkDocsConfig):
    """The citations feature's settings (style, locale), so pages are cited the same way."""
    plugin = config.plugins.get("marginalia")
    return getattr(getattr(plugin, "config", None), "citations", None)
