"""What a map shows, from the graph export: immutable records, no layout yet.

The overview draws every tag that has pages, sized by how many, with a line between two tags
that share pages; each tag links to its own map, on the tag's page (``MAP_ANCHOR``). A tag's
map draws that tag's pages and the
works at least two of them cite, with a line from each page to each shared work it cites.
At 500 pages a tag's map still stays readable: it draws at most ``page_limit`` pages (those
that cite the most shared works first) and ``work_limit`` works; the text list beside it
names every page of the tag.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

NodeKind = Literal["tag", "page", "work"]
MAP_ANCHOR = "tag-map"  # the id of the map's heading on a tag's page


@dataclass(frozen=True)
class MapNode:
    id: str
    kind: NodeKind
    label: str  # plain text; escaped where it is written
    url: str  # site-relative ("essays/x/", "map/power/")
    weight: int = 1  # pages of a tag, citing pages of a work
    detail: str = ""  # plain text shown in the node's title and the list ("12 pages")


@dataclass(frozen=True)
class MapView:
    key: str  # "" for the overview, else the tag id
    title: str
    nodes: tuple[MapNode, ...]
    edges: tuple[tuple[str, str], ...]  # node ids, each pair sorted
    listed: tuple[MapNode, ...]  # what the text list names (every page of a tag)
    omitted: int = 0  # pages of the tag not drawn (over the limit)


def map_url(prefix: str) -> str:
    """The site-relative URL of the overview (``map/``)."""
    return prefix.strip("/") + "/"


def overview(graph: Mapping[str, Any], prefix: str) -> MapView:
    pages_by_tag = _pages_by_tag(graph)
    tags = [t for t in graph["tags"] if pages_by_tag.get(t["id"])]
    nodes = tuple(
        MapNode(
            t["id"],
            "tag",
            t["label"],
            f"{t['url']}#{MAP_ANCHOR}" if t["url"] else map_url(prefix),
            len(pages_by_tag[t["id"]]),
            _count(len(pages_by_tag[t["id"]]), "page"),
        )
        for t in tags
    )
    tags_by_page: dict[str, list[str]] = {}
    for tag_id, pages in pages_by_tag.items():
        for page in pages:
            tags_by_page.setdefault(page, []).append(tag_id)
    shown = {n.id for n in nodes}
    edges = sorted(
        {
            (a, b)
            for page_tags in tags_by_page.values()
            for a in page_tags
            for b in page_tags
            if a < b and a in shown and b in shown
        }
    )
    return MapView("", "All tags", nodes, tuple(edges), nodes)


def tag_view(
    graph: Mapping[str, Any],
    tag_id: str,
    *,
    page_limit: int = 40,
    work_limit: int = 24,
) -> MapView:
    tag = next(t for t in graph["tags"] if t["id"] == tag_id)
    pages = {p["id"]: p for p in graph["pages"]}
    members = sorted(_pages_by_tag(graph).get(tag_id, ()), key=lambda i: _sort_key(pages[i]))
    refs = {r["id"]: r for r in graph["references"]}
    cites: dict[str, list[str]] = {page: [] for page in members}
    for edge in graph["edges"]:
        if edge["kind"] == "page-reference" and edge["source"] in cites:
            cites[edge["source"]].append(edge["target"])
    counts = Counter(ref for refs_of in cites.values() for ref in set(refs_of))
    shared = [ref for ref, n in counts.items() if n >= 2 and ref in refs]
    shared.sort(key=lambda r: (-counts[r], refs[r]["text"].lower(), r))
    shared = shared[:work_limit]
    chosen = set(shared)
    drawn = sorted(
        members, key=lambda p: (-len(chosen.intersection(cites[p])), _sort_key(pages[p]))
    )[:page_limit]
    drawn.sort(key=lambda p: _sort_key(pages[p]))
    page_nodes = [_page_node(pages[p]) for p in drawn]
    work_nodes = [
        MapNode(
            r,
            "work",
            _work_label(refs[r]["text"]),
            refs[r]["url"],
            counts[r],
            f"cited by {_count(counts[r], 'page')} with this tag",
        )
        for r in shared
    ]
    edges = sorted((p, r) if p < r else (r, p) for p in drawn for r in set(cites[p]) & chosen)
    return MapView(
        tag["tag"],
        tag["label"],
        (*page_nodes, *work_nodes),
        tuple(edges),
        (*(_page_node(pages[p]) for p in members), *work_nodes),
        len(members) - len(drawn),
    )


def _pages_by_tag(graph: Mapping[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for edge in graph["edges"]:
        if edge["kind"] == "page-tag":
            found.setdefault(edge["target"], []).append(edge["source"])
    return found


def _page_node(page: Mapping[str, Any]) -> MapNode:
    return MapNode(
        page["id"], "page", page["title"] or page["path"], page["url"], detail=page["type"] or ""
    )


def _sort_key(page: Mapping[str, Any]) -> tuple[str, str]:
    return ((page["title"] or "").lower(), page["id"])


def _work_label(text: str) -> str:
    """A work's short name: its reference up to the year's closing bracket ("Slay, J., &
    Stephens, L. (2013)"), else its first words."""
    end = text.find(").")
    return text[: end + 1] if 0 < end < 90 else text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
