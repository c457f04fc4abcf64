"""Downloads (``marginalia.downloads``) in MkDocs: links on each critique, files made beside
it by a worker process while the rest of the build goes on.

- ``on_env``: the worker is started (and imports ReportLab) while the pages render.
- ``on_post_page``: a critique gets its download links under its title; when its HTML is
  final (its citations are written) it goes to the worker at once, which makes its files
  while the build renders the other pages.
- ``on_post_build`` (before search): the pages the citations feature completed only now
  (Pandoc was still running when they were written) go to the worker, which works on them
  while Pagefind indexes the site.
- :class:`DownloadsDone` (the last feature): waits for the worker, reports what could not be
  made (at the page's line where a character is the cause) and takes those links out.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.downloads.make import FORMATS
from marginalia.downloads.site import LABELS, Downloads, links_html
from marginalia.mkdocs.feature import Feature

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

__all__ = ["LABELS", "DownloadsConfig", "DownloadsDone", "DownloadsFeature", "links_html"]


class DownloadsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    formats = c.ListOfItems(c.Choice(FORMATS), default=list(FORMATS))
    types = c.ListOfItems(c.Type(str), default=["critique"])
    """The page types that can be taken away."""
    worker = c.Type(bool, default=True)
    """Make the files in a worker process beside the build (else in the build's own)."""
    cache = c.Type(bool, default=True)
    """Keep each file under the citations' cache folder, keyed by the essay's content."""


class DownloadsFeature(Feature):
    options: DownloadsConfig
    assets = ("downloads.css",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.downloads: Downloads | None = None

    def on_config(self, config: MkDocsConfig) -> None:
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.downloads = Downloads.from_options(
            self.options, root, str(config.site_name), self.report
        )
        return None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        if self.downloads is not None:
            self.downloads.start()
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        info = self.site.pages.get(page.file.src_uri)
        downloads = self.downloads
        if downloads is None or info is None or not downloads.wanted(info.type):
            return None
        return downloads.page(
            output,
            f"{self.site.docs_prefix}/{page.file.src_uri}".lstrip("/"),
            page.file.abs_src_path or "",
            page.file.abs_dest_path,
            page.url,
            page.canonical_url or page.abs_url or page.url,
            final=not self._completed_later(page),
        )

    def _completed_later(self, page: Page) -> bool:
        """Whether the citations feature writes this page's citations after the build."""
        from marginalia.mkdocs.citations import CitationsFeature

        for peer in self.peers:
            if isinstance(peer, CitationsFeature):
                return any(late is page for late in peer.late)
        return False

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.downloads is not None:
            self.downloads.flush()
        return None

    def finish(self) -> None:
        if self.downloads is not None:
            self.downloads.finish()


class DownloadsDone(Feature):
    """The last feature: waits for the files, so the build ends when they are made."""

    def on_post_build(self, config: MkDocsConfig) -> None:
        for peer in self.peers:
            if isinstance(peer, DownloadsFeature):
                peer.finish()
        return None
