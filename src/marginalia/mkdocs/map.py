"""The map (``marginalia.map``) in MkDocs: the overview page, each tag's map on its tag
page, the small map on the home page.

- The overview goes where a page holds ``<!-- marginalia:map -->`` (``docs/map/index.md``
  here), the small one where it holds ``<!-- marginalia:map-small -->`` (the home page). A
  tag's map goes on its tag page, not on a page of its own: at 500 pages and 40 tags, 40
  more pages would cost more to build than all the maps.
- ``on_post_page``: a marker at the end of each tag page's article.
- ``on_post_build``: the graph is known only once Pandoc has formatted the works (their
  labels), after the citations feature's ``on_post_build``; each map is drawn then and
  written over its marker in the built file, before the search feature reads the site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.map.site import HOME_MARKER, MARKER, TAG_MARKER, SiteMaps
from marginalia.mkdocs.feature import Feature
from marginalia.mkdocs.options import Number
from marginalia.tags.graph import graph_data
from marginalia.tags.vocabulary import TagVocabulary

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

__all__ = ["HOME_MARKER", "MARKER", "TAG_MARKER", "MapConfig", "MapFeature"]


class MapConfig(base.Config):
    enabled = c.Type(bool, default=True)
    folder = c.Type(str, default="map")
    """Where the overview is in the site (``map/``): the small map links to it."""
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
        self.maps = SiteMaps.from_options(self.options)
        self.folder = self.maps.folder

    def _tags(self) -> Any:
        # The tags adapter's engine-neutral core holds the vocabulary and the tag pages.
        from marginalia.mkdocs.tags import TagsFeature

        feature = next((f for f in self.peers if isinstance(f, TagsFeature)), None)
        return feature.core if feature is not None else None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        tags = self._tags()
        tag = tags.tag_pages.get(page.file.src_uri) if tags is not None else None
        return self.maps.mark(output, page.file.abs_dest_path, page.url, tag)

    def on_post_build(self, config: MkDocsConfig) -> None:
        tags = self._tags()
        vocabulary = (tags.vocabulary if tags is not None else None) or TagVocabulary()
        tag_urls = dict(tags.tag_urls) if tags is not None else {}
        self.maps.write(graph_data(self.site, vocabulary, tag_urls))
        return None
