"""MkDocs adapter for link previews: hands the rendered pages to ``marginalia.previews``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.mkdocs.feature import Feature
from marginalia.previews import LinkPreview, PreviewTargets, add_link_previews
from marginalia.previews.links import DEFAULT_SKIP_CLASSES

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


class PreviewsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn link previews off."""

    skip_classes = c.ListOfItems(c.Type(str), default=sorted(DEFAULT_SKIP_CLASSES))
    """Links with any of these classes get no page preview (they have a job of their own)."""


class PreviewsFeature(Feature):
    """Marks every link to another page with that page's title and summary, once all are known."""

    options: PreviewsConfig
    assets = ("previews.css", "previews.js")

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        # In on_env every page's HTML is final (citations, tags and notes resolved), and the
        # search index has not yet read it; data attributes add no searchable text.
        targets = PreviewTargets(
            {
                info.url: LinkPreview(info.title, info.summary)
                for info in self.site.pages.values()
                if info.title
            }
        )
        for file in files.documentation_pages():
            page = file.page
            if page is None or not page.content:
                continue
            page.content = add_link_previews(
                page.content, page.url, targets, self.options.skip_classes
            )
        return None
