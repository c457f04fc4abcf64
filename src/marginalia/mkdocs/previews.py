"""MkDocs adapter for link previews: writes ``marginalia.previews``' index into the site."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.mkdocs.feature import Feature
from marginalia.previews import LinkPreview, preview_index_json
from marginalia.previews.index import DEFAULT_SKIP_CLASSES

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

# Next to the script, which finds it relative to its own URL.
INDEX_PATH = "assets/marginalia/previews.json"


class PreviewsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn link previews off."""

    skip_classes = c.ListOfItems(c.Type(str), default=list(DEFAULT_SKIP_CLASSES))
    """Links with any of these classes get no page preview (they have a job of their own)."""


class PreviewsFeature(Feature):
    """Publishes every page's title and summary for the preview script, once all are known."""

    options: PreviewsConfig
    assets = ("previews.css", "previews.js")

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        # Every page has been rendered: a page without a title in its front matter now has
        # the one from its first heading.
        self.previews: dict[str, LinkPreview] = {}
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            info = self.site.pages.get(file.src_uri)
            # HTML text (a heading's, or front matter the pages feature escaped): plain here.
            title = html.unescape(str(page.meta.get("title") or page.title or ""))
            summary = info.summary if info else ""
            self.previews[page.url] = LinkPreview(title, summary)
        return None

    def on_post_build(self, config: MkDocsConfig) -> None:
        previews = getattr(self, "previews", {})
        target = Path(config.site_dir) / INDEX_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            preview_index_json(previews, self.options.skip_classes) + "\n", encoding="utf-8"
        )
