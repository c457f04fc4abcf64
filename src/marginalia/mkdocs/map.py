"""The map (``marginalia.map``) in MkDocs: its pages, the small map on the home page.

- ``on_files``: the overview (``map/index.md``, unless the docs have one) and one page per
  tag (``map/<tag>.md``), generated, each holding a marker where its map goes.
- ``on_post_build``: the graph is known only once Pandoc has formatted the works (their
  labels), after the citations feature's ``on_post_build``; each map is drawn then and
  written over its marker in the built file, before the search feature reads the site.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.structure.files import File, InclusionLevel

from marginalia.map.render import map_block
from marginalia.map.views import map_url, overview, tag_view
from marginalia.mkdocs.feature import Feature
from marginalia.mkdocs.options import Number
from marginalia.tags.graph import graph_data
from marginalia.tags.vocabulary import TagVocabulary

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MARKER = "<!-- marginalia:map -->"
HOME_MARKER = "<!-- marginalia:map-small -->"


class MapConfig(base.Config):
    enabled = c.Type(bool, default=True)
    folder = c.Type(str, default="map")
    """Where the map pages go in the site: ``map/`` and ``map/<tag>/``."""
    title = c.Type(str, default="Map")
    home = c.Type(bool, default=True)
    """The small map on the home page, where it holds ``<!-- marginalia:map-small -->``."""
    page_limit = Number(int, default=40, minimum=1)
    """Pages drawn on one tag's map at most (the list beside it names them all)."""
    work_limit = Number(int, default=24, minimum=0)
    """Shared works drawn on one tag's map at most."""


class MapFeature(Feature):
    options: MapConfig
    assets = ("map.css",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = self.options.folder.strip("/") or "map"
        self.pages: dict[str, str | None] = {}  # src_uri of a map page -> its tag (None: all)
        self.written: dict[str, tuple[str, str, bool]] = {}  # dest path -> url, tag, small

    def _tags(self) -> Any:
        from marginalia.mkdocs.tags import TagsFeature

        return next((f for f in self.peers if isinstance(f, TagsFeature)), None)

    def on_files(self, files: Files, config: MkDocsConfig) -> None:
        tags = self._tags()
        vocabulary = tags.vocabulary if tags is not None else None
        index = f"{self.folder}/index.md"
        self.pages = {index: None}
        if files.get_file_from_path(index) is None:
            files.append(
                File.generated(
                    config,
                    index,
                    content=_markdown(self.options.title, ""),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        for tag in vocabulary.tags.values() if vocabulary else ():
            src = f"{self.folder}/{tag.id}.md"
            self.pages[src] = tag.id
            if files.get_file_from_path(src) is None:
                files.append(
                    File.generated(
                        config,
                        src,
                        content=_markdown(f"{self.options.title}: {tag.label}", tag.id),
                        inclusion=InclusionLevel.NOT_IN_NAV,
                    )
                )
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> None:
        src = page.file.src_uri
        if src in self.pages and MARKER in output:
            self.written[page.file.abs_dest_path] = (page.url, self.pages[src] or "", False)
        elif self.options.home and HOME_MARKER in output:
            self.written[page.file.abs_dest_path] = (page.url, "", True)
        return None

    def on_post_build(self, config: MkDocsConfig) -> None:
        tags = self._tags()
        vocabulary = (tags.vocabulary if tags is not None else None) or TagVocabulary()
        tag_urls = dict(tags.tag_urls) if tags is not None else {}
        graph = graph_data(self.site, vocabulary, tag_urls)
        known = {t["tag"] for t in graph["tags"]}
        everything = overview(graph, self.folder)
        full_url = map_url(self.folder)
        for path, (url, tag, small) in self.written.items():
            if small or not tag:
                view = everything
            elif tag in known:
                view = tag_view(
                    graph,
                    f"tag:{tag}",
                    page_limit=self.options.page_limit,
                    work_limit=self.options.work_limit,
                )
            else:
                continue
            html = map_block(view, url, tag_urls, small=small, full_map_url=full_url)
            marker = HOME_MARKER if small else MARKER
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text.replace(marker, html, 1))
        return None


def _markdown(title: str, tag: str) -> str:
    # JSON is YAML: the label is quoted and escaped whatever it holds.
    intro = (
        "Each tag of the site, drawn with lines between tags that share pages. Choose a tag "
        "for the map of its pages and the works they share."
        if not tag
        else "The pages with this tag and the works at least two of them cite."
    )
    return f"---\ntitle: {json.dumps(title)}\n---\n\n{intro}\n\n{MARKER}\n"


__all__ = ["MapConfig", "MapFeature"]
