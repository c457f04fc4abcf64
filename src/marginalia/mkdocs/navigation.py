"""MkDocs adapter for a navigation that scales: large sections list only their index page.

Material writes the reader's whole section into every page it renders, even with
``navigation.prune``: in a section of 1,000 pages each page carries 1,000 links, so page
weight and per-page build time grow with the section. A section holding more pages than
``section_limit`` keeps only its index page in the navigation; its other pages are still
built, keep the section as their parent (its tab and section stay highlighted) and keep their
previous/next links in nav order (MkDocs' footer still walks through the section), and the
index page lists every one of them that it does not already link to. While one of them is
rendered, its section shows it after the index, so the sidebar still says where the reader
is: each page carries two links of its section, whatever the section's size.
"""

from __future__ import annotations

import os
from html import unescape
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from marginalia.diagnostics import Diagnostic
from marginalia.mkdocs.feature import Feature
from marginalia.navigation import ListedPage, has_marker, place_listing, render_listing
from marginalia.tags.scan import link_targets

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation, Section
    from mkdocs.structure.pages import Page


class NavigationConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the limit off: every section lists all its pages, however many."""

    section_limit = c.Type(int, default=50)
    """A section with more pages than this (its index page not counted, nor its
    sub-sections, which are judged on their own) lists only its index page in the
    navigation. Each page a section lists adds about 0.3 KB and 0.02 ms of build time to
    every page of that section (measured on the benchmark's 500-page site): at 50, a page of
    a full section weighs about 1.5× and costs about 1.2× a page of a pruned one, so per-page
    cost stays within 1.2× as a site grows; at 100 it would be 2× and 1.3×. A sidebar of
    more than 50 links is hardly read anyway."""

    listing_heading = c.Type(str, default="Pages in this section")
    """Heading of the listing added to the index page of a section over the limit."""


class NavigationFeature(Feature):
    """Prunes large sections in ``on_nav``; writes their index pages' listings in ``on_env``."""

    options: NavigationConfig

    def on_config(self, config: MkDocsConfig) -> None:
        if self.options.section_limit < 1:
            raise PluginError(
                f"marginalia navigation.section_limit must be 1 or more, not "
                f"{self.options.section_limit} (to list every page, set 'enabled: false')"
            )
        self.root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.docs_dir = config.docs_dir
        # Each pruned section's index page, with the pages the section no longer lists.
        self.pruned: list[tuple[Page, list[Page]]] = []
        # id() of each such page -> its section (pages are not hashable by value).
        self.section_of: dict[int, Section] = {}
        # The section showing the page being rendered, with the children to restore after.
        self.showing: tuple[Section, list] | None = None
        return None

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        limit = self.options.section_limit
        for section in _sections(nav.items):
            pages = [item for item in section.children if item.is_page]
            index = next((page for page in pages if page.is_index), None)
            others = [page for page in pages if page is not index]
            if len(others) <= limit:
                continue
            if index is None:
                self.report(self._no_index(section, others))
                continue
            # Only the section's children change: nav.pages keeps every page in order, so
            # the previous/next links MkDocs set (and any feature that chains pages after
            # the last one of a section) are unchanged, and each page keeps its parent.
            kept = set(map(id, others))
            section.children = [item for item in section.children if id(item) not in kept]
            self.pruned.append((index, others))
            self.section_of.update((id(page), section) for page in others)
            self.log.info(
                f"navigation: section '{section.title}' has {len(others)} pages, more than "
                f"section_limit ({limit}): it lists only {index.file.src_uri}, which links "
                f"to the others"
            )
        return None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        # Every page is rendered: titles from first headings are known, and the index
        # page's own links can be read from its HTML.
        for index, others in self.pruned:
            html = index.content or ""
            if has_marker(html):
                listed = others
            else:
                linked = link_targets(html, index.url)
                listed = [page for page in others if page.url not in linked]
            entries = [_listed(page, index) for page in listed]
            heading = self.options.listing_heading
            index.content = place_listing(html, render_listing(entries, heading) if entries else "")
        return None

    def on_page_context(
        self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        # While a page of a pruned section is rendered, its section shows it after the
        # index, so the sidebar marks where the reader is: one link more, not the section.
        section = self.section_of.get(id(page))
        if section is not None:
            self.showing = (section, section.children)
            index = next(i for i, item in enumerate(section.children) if item.is_page)
            section.children = [
                *section.children[: index + 1],
                page,
                *section.children[index + 1 :],
            ]
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> None:
        if self.showing is not None:
            section, children = self.showing
            section.children = children
            self.showing = None
        return None

    def _no_index(self, section: Section, pages: list[Page]) -> Diagnostic:
        folders = {os.path.dirname(page.file.src_uri) for page in pages}
        folder = folders.pop() if len(folders) == 1 else ""
        docs = os.path.relpath(self.docs_dir, self.root).replace(os.sep, "/")
        path = f"{docs}/{folder}/" if folder else "mkdocs.yml"
        index = f"{docs}/{folder}/index.md" if folder else "an index.md"
        return Diagnostic(
            path,
            None,
            "navigation.no-index",
            f"section '{section.title}' has {len(pages)} pages, more than section_limit "
            f"({self.options.section_limit}), and no index page, so every page of the "
            f"section carries all of them in its navigation",
            f"add {index} first in the section; the navigation will then list only it, "
            f"and it will link to the others",
            "advisory",
        )


def _sections(items: list) -> list[Section]:
    """Every section of the navigation, outer ones first."""
    found = []
    for item in items:
        if item.is_section:
            found.append(item)
            found.extend(_sections(item.children))
    return found


def _listed(page: Page, index: Page) -> ListedPage:
    meta = page.meta or {}
    # Titles are HTML text with their entities kept, whether taken from the first heading
    # or from front matter (which the pages feature escapes): unescaped here, the listing
    # escapes them again.
    title = unescape(str(meta.get("title") or page.title or ""))
    summary = meta.get("summary") or meta.get("description") or ""
    summary = " ".join(summary.split()) if isinstance(summary, str) else ""
    return ListedPage(get_relative_url(page.url, index.url), title, summary)
