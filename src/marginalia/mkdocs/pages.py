"""Front matter into ``PageInfo``: title, page type, one-line summary, tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.mkdocs.feature import Feature

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


class PagesConfig(base.Config):
    types_by_folder = c.Type(dict, default={})
    """Page type implied by a top-level folder of ``docs/``, e.g. ``{essays: critique}``.
    A ``type:`` key in a page's front matter overrides it."""

    types = c.ListOfItems(c.Type(str), default=["critique", "project", "concept"])
    """The page types a content page may declare."""


class PagesFeature(Feature):
    """Records what every page says about itself, before any other feature looks."""

    options: PagesConfig
    assets = ("marginalia.css",)

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        info = self.site.page(page.file.src_uri, page.url)
        meta = page.meta or {}
        info.meta = dict(meta)
        info.title = str(meta.get("title") or page.title or "")
        folder = page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else ""
        declared = meta.get("type")
        info.type = str(declared) if declared else self.options.types_by_folder.get(folder)
        info.summary = str(meta.get("summary") or meta.get("description") or "")
        tags = meta.get("tags") or []
        info.tags = [str(t) for t in tags] if isinstance(tags, list) else []
        nocite = meta.get("nocite") or []
        info.nocite = [str(k).lstrip("@") for k in nocite] if isinstance(nocite, list) else []
        return None
