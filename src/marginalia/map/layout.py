"""A deterministic ring layout: the same view always gets the same coordinates.

The overview's tags sit on a circle in the order the view gives them (sorted by label),
each label set radially outside its node so that labels on a crowded ring never run into
one another. A tag's map is two columns: its pages (by title) on the left, the works they
share on the right, a line for each citation. No randomness and no iteration, so no layout library: a
force layout would need a fixed seed and still move with every added page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from marginalia.map.views import MapNode, MapView

LABEL_CHARS = 34  # longer labels are cut (the whole title is in the node's <title>)


@dataclass(frozen=True)
class PlacedNode:
    node: MapNode
    x: float
    y: float
    r: float  # the dot's radius
    angle: float  # degrees, for the radial label
    label: str


@dataclass(frozen=True)
class Layout:
    half: float  # the drawing spans -half..half across
    nodes: tuple[PlacedNode, ...]
    edges: tuple[tuple[float, float, float, float], ...]
    half_height: float = 0.0  # and -half_height..half_height down (0: as across)


def place(view: MapView) -> Layout:
    if view.key:
        return _columns(view)
    pages = [n for n in view.nodes if n.kind != "work"]
    works = [n for n in view.nodes if n.kind == "work"]
    outer = max(90.0, min(340.0, 9.0 * len(pages)))
    inner = outer * 0.42
    most = max((n.weight for n in view.nodes), default=1)
    placed = [*_ring(pages, outer, most), *_ring(works, inner, most, turn=0.5)]
    where = {p.node.id: p for p in placed}
    edges = tuple(
        (where[a].x, where[a].y, where[b].x, where[b].y)
        for a, b in view.edges
        if a in where and b in where
    )
    # Room for the longest label outside the ring (about 7.5 units a character at 13 units).
    longest = max((len(p.label) for p in placed if p.node.kind != "work"), default=0)
    return Layout(round(outer + 30.0 + 7.5 * longest), tuple(placed), edges)


ROW = 24.0  # between two rows of a column
GAP = 300.0  # between the two columns


def _columns(view: MapView) -> Layout:
    """A tag's map: its pages in a column on the left, labelled on their left, the works they
    share on the right, labelled on their right, and a line for each citation between."""
    pages = [n for n in view.nodes if n.kind != "work"]
    works = [n for n in view.nodes if n.kind == "work"]
    rows = max(len(pages), len(works), 1)
    top = -ROW * (rows - 1) / 2
    placed = [
        *_column(pages, -GAP / 2, top + ROW * (rows - len(pages)) / 2, 180.0),
        *_column(works, GAP / 2, top + ROW * (rows - len(works)) / 2, 0.0),
    ]
    where = {p.node.id: p for p in placed}
    edges = tuple(
        (where[a].x, where[a].y, where[b].x, where[b].y)
        for a, b in view.edges
        if a in where and b in where
    )
    longest = max((len(p.label) for p in placed), default=0)
    half = round(GAP / 2 + 20.0 + 7.5 * longest)
    return Layout(half, tuple(placed), edges, round(ROW * rows / 2 + 12.0))


def _column(nodes: list[MapNode], x: float, top: float, angle: float) -> list[PlacedNode]:
    return [
        PlacedNode(node, x, round(top + ROW * i, 1), 6.0, angle, _cut(node.label))
        for i, node in enumerate(nodes)
    ]


def _ring(nodes: list[MapNode], radius: float, most: int, turn: float = 0.0) -> list[PlacedNode]:
    count = len(nodes)
    placed = []
    for i, node in enumerate(nodes):
        # Start at the top and go clockwise; half a step's turn keeps two rings apart.
        angle = -90.0 + 360.0 * (i + turn) / max(count, 1)
        rad = math.radians(angle)
        size = 4.0 + 10.0 * math.sqrt(node.weight / most) if node.kind == "tag" else 5.0
        placed.append(
            PlacedNode(
                node,
                round(radius * math.cos(rad), 1),
                round(radius * math.sin(rad), 1),
                round(size, 1),
                round(angle, 1),
                _cut(node.label),
            )
        )
    return placed


def _cut(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"
