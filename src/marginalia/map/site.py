"""The map in a built site, for any engine: the markers each page gets where a map goes,
and the maps drawn over those markers once the graph is known.

The overview goes on the page that holds ``MARKER`` (``docs/map/index.md``). An engine's
adapter gives each page that holds a map to a :class:`SiteMaps` (``mark``) as its HTML is
written, and calls ``write`` once Pandoc has formatted the works (their labels), before the
site is indexed for search.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marginalia.map.render import map_block
from marginalia.map.views import map_url, overview, tag_view

MARKER = "<!-- marginalia:map -->"
HOME_MARKER = "<!-- marginalia:map-small -->"
TAG_MARKER = "<!-- marginalia:tag-map -->"


@dataclass
class SiteMaps:
    """The pages of one build that hold a map, by their written file."""

    folder: str = "map"
    home: bool = True
    page_limit: int = 40
    work_limit: int = 24
    written: dict[str, tuple[str, str, str]] = field(
        default_factory=dict
    )  # path -> url, tag, marker

    @classmethod
    def from_options(cls, options: Any) -> SiteMaps:
        return cls(
            options.folder.strip("/") or "map",
            bool(options.home),
            options.page_limit,
            options.work_limit,
        )

    def mark(self, output: str, path: str, url: str, tag: str | None) -> str | None:
        """A page's HTML as written: a tag page (``tag``, its id) gets a marker at the end of
        its article; a page with the overview's or the home page's marker is noted. The
        changed HTML, or ``None``."""
        if tag is not None:
            self.written[path] = (url, tag, TAG_MARKER)
            before, end, after = output.rpartition("</article>")
            return before + TAG_MARKER + end + after if end else None
        if MARKER in output:
            self.written[path] = (url, "", MARKER)
        elif self.home and HOME_MARKER in output:
            self.written[path] = (url, "", HOME_MARKER)
        return None

    def write(self, graph: Mapping[str, Any]) -> None:
        """Each map drawn from the graph export and written over its marker."""
        known = {t["tag"] for t in graph["tags"]}
        everything = overview(graph, self.folder)
        for path, (url, tag, marker) in self.written.items():
            if tag:
                html = ""
                if tag in known:
                    view = tag_view(
                        graph,
                        f"tag:{tag}",
                        page_limit=self.page_limit,
                        work_limit=self.work_limit,
                    )
                    html = map_block(view, url) if view.nodes else ""
            else:
                small = marker == HOME_MARKER
                html = map_block(everything, url, small=small, full_map_url=map_url(self.folder))
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text.replace(marker, html, 1))
