"""The shape every capability's MkDocs adapter takes.

A feature is handed the events it needs and nothing else; the plugin calls them in a fixed
order (see ``plugin.py``), so a feature that needs another's data runs after it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from marginalia.diagnostics import Diagnostic

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from marginalia.site import SiteIndex


ASSETS = Path(__file__).resolve().parent.parent / "assets"


class Feature:
    """Base class: every hook is a no-op that returns its first argument unchanged.

    ``assets`` names files under ``marginalia/assets/`` (``.css`` or ``.js``) that the plugin
    adds to every page and copies into ``site/assets/marginalia/``.
    """

    assets: tuple[str, ...] = ()
    # Every feature of the build, set by the plugin: a feature that reads another's data
    # (the map reads the tags feature's vocabulary) finds it here.
    peers: tuple[Feature, ...] = ()

    def __init__(
        self, options: Any, site: SiteIndex, log: logging.Logger | logging.LoggerAdapter
    ) -> None:
        self.options = options
        self.site = site
        self.log = log
        self.reported: list[Diagnostic] = []

    def report(self, diagnostic: Diagnostic) -> None:
        """Log a fault: errors as warnings (so ``--strict`` fails), advisories as info.

        A fault at a generated page (a tag page) is reported at the data file it comes from.
        """
        diagnostic = self.site.relocate(diagnostic)
        self.reported.append(diagnostic)
        if diagnostic.severity == "error":
            self.log.warning(diagnostic.format())
        else:
            self.log.info(diagnostic.format())

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        return None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        return None

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        return None

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return None

    def on_page_content(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment | None:
        return None

    def on_page_context(
        self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict | None:
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        return None

    def on_post_build(self, config: MkDocsConfig) -> None:
        return None
