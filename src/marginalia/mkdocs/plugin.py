"""The ``marginalia`` MkDocs plugin: a dispatcher, nothing more.

Per-build state is rebuilt in ``on_config`` (so ``mkdocs serve`` rebuilds start clean);
features collect while pages render and resolve site-wide facts in ``on_env``, after every
page's Markdown has been converted and before any template is rendered (mkdocs-autorefs'
two-phase pattern).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File

from marginalia.engines.guard import satisfy
from marginalia.mkdocs.annotations import AnnotationsFeature
from marginalia.mkdocs.citations import CitationsFeature
from marginalia.mkdocs.citing import CitingFeature
from marginalia.mkdocs.config import MarginaliaConfig
from marginalia.mkdocs.feature import ASSETS, Feature
from marginalia.mkdocs.navigation import NavigationFeature
from marginalia.mkdocs.notice import PageFaults
from marginalia.mkdocs.pages import PagesFeature
from marginalia.mkdocs.previews import PreviewsFeature
from marginalia.mkdocs.search import SearchFeature
from marginalia.mkdocs.tags import TagsFeature
from marginalia.site import SiteIndex

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)
ASSET_DIR = "assets/marginalia"


class MarginaliaPlugin(BasePlugin[MarginaliaConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site = SiteIndex()
        self.features: list[Feature] = []
        self.serving = False
        self.page_faults: PageFaults | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Only `mkdocs serve` shows each page's faults on the page; a build never does.
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        if self.page_faults is not None:
            self.page_faults.close()
            self.page_faults = None

    def _dispatch(self, hook: str, value: Any, *args: Any) -> Any:
        for feature in self.features:
            result = getattr(feature, hook)(value, *args)
            if result is not None:
                value = result
        return value

    # Order matters: pages first (front matter), citations before tags (tags rank related
    # pages by shared citations), annotations last.
    @event_priority(-50)  # after Material's tags and search plugins have read the config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site = SiteIndex()
        self.site.docs_prefix = _docs_prefix(config)
        self.features = []
        self.on_shutdown()  # the previous rebuild's
        # The plugin runs: the guard against engines that drop it lets every page through.
        config.markdown_extensions = satisfy(config.markdown_extensions)
        if not self.config.enabled:
            return config
        candidates: list[tuple[type[Feature], Any]] = [
            (PagesFeature, self.config.pages),
            (CitationsFeature, self.config.citations),
            (TagsFeature, self.config.tags),
            (AnnotationsFeature, self.config.annotations),
            (CitingFeature, self.config.citing),
            (PreviewsFeature, self.config.previews),
            (SearchFeature, self.config.search),
            (NavigationFeature, self.config.navigation),  # last: sees tag pages in the nav
        ]
        for cls, options in candidates:
            if options.get("enabled", True):
                self.features.append(cls(options, self.site, log))
        for feature in self.features:
            for name in feature.assets:
                target = config.extra_javascript if name.endswith(".js") else config.extra_css
                target.append(f"{ASSET_DIR}/{name}")
        if self.serving:
            root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
            self.page_faults = PageFaults(self.features, self.site, root, Path(config.docs_dir))
        return self._dispatch("on_config", config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for feature in self.features:
            for name in feature.assets:
                files.append(
                    File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(ASSETS / name))
                )
        return self._dispatch("on_files", files, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return self._dispatch("on_nav", nav, config, files)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self._page_hook("on_page_markdown", markdown, page, config, files)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._page_hook("on_page_content", html, page, config, files)

    def _page_hook(self, hook: str, value: Any, page: Page, *args: Any) -> Any:
        if self.page_faults is None:
            return self._dispatch(hook, value, page, *args)
        mark = self.page_faults.mark()
        value = self._dispatch(hook, value, page, *args)
        self.page_faults.since(page, mark)
        return value

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return self._dispatch("on_env", env, config, files)

    def on_page_context(
        self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict:
        return self._dispatch("on_page_context", context, page, config, nav)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = self._dispatch("on_post_page", output, page, config)
        if self.page_faults is not None:
            output = self.page_faults.place(page, output)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for feature in self.features:
            feature.on_post_build(config)


def _docs_prefix(config: MkDocsConfig) -> str:
    """``docs_dir`` relative to the project root, as faults name their files."""
    root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    rel = os.path.relpath(os.path.abspath(config.docs_dir), root).replace(os.sep, "/")
    return "" if rel == "." else rel
