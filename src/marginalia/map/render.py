"""The SVG of a map and the text list beside it; every text is escaped where it is written.

Every node is an ``<a>`` with an ``aria-label`` (the whole label and what it is), so the
drawing is a set of links to a screen reader as well; the list beside it names the same
nodes in the same order for keyboard users who would rather not tab around a ring. Lines
are decoration (``aria-hidden``). Colours come from CSS classes, so the theme's dark mode
applies.
"""

from __future__ import annotations

import math
from html import escape

from marginalia.map.layout import PlacedNode, place
from marginalia.map.views import MAP_ANCHOR, MapNode, MapView
from marginalia.urls import relative_link

_KIND = {"tag": "tag", "page": "page", "work": "work"}


def map_svg(view: MapView, page_url: str, id_prefix: str = "mg-map") -> str:
    layout = place(view)
    h = layout.half
    v = layout.half_height or h
    title_id = f"{id_prefix}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mg-map__svg" '
        f'viewBox="{-h:g} {-v:g} {2 * h:g} {2 * v:g}" role="group" '
        f'aria-labelledby="{title_id}">',
        f'<title id="{title_id}">{escape(_svg_title(view))}</title>',
        '<g class="mg-map__edges" aria-hidden="true">',
        *(f'<line x1="{a:g}" y1="{b:g}" x2="{c:g}" y2="{d:g}"/>' for a, b, c, d in layout.edges),
        "</g>",
        '<g class="mg-map__nodes">',
        *(_node(p, page_url) for p in layout.nodes),
        "</g>",
        "</svg>",
    ]
    return "\n".join(parts)


def _svg_title(view: MapView) -> str:
    if not view.key:
        return "Map of the tags: each links to the map of its pages on its tag page"
    return f"Map of the pages tagged {view.title} and the works they share"


def _node(placed: PlacedNode, page_url: str) -> str:
    node = placed.node
    href = escape(relative_link(node.url, page_url), quote=True)
    name = escape(_name(node), quote=True)
    flip = not -90.0 <= placed.angle <= 90.0
    gap = placed.r + 6
    rad = math.radians(placed.angle)
    lx, ly = round(placed.x + gap * math.cos(rad), 1), round(placed.y + gap * math.sin(rad), 1)
    rotate = round((placed.angle + 180.0 if flip else placed.angle) % 360.0, 1)
    turn = f' transform="rotate({rotate:g} {lx:g} {ly:g})"' if rotate else ""
    anchor = "end" if flip else "start"
    return (
        f'<a href="{href}" class="mg-map__node mg-map__node--{_KIND[node.kind]}" '
        f'aria-label="{name}"><title>{escape(_name(node))}</title>'
        f'<circle cx="{placed.x:g}" cy="{placed.y:g}" r="{placed.r:g}"/>'
        f'<text x="{lx:g}" y="{ly:g}" text-anchor="{anchor}" dominant-baseline="middle" '
        f"{turn}>{escape(placed.label)}</text></a>"
    )


def _name(node: MapNode) -> str:
    what = {"tag": "tag", "page": "page", "work": "work"}[node.kind]
    detail = f", {node.detail}" if node.detail else ""
    return f"{node.label} ({what}{detail})"


def map_list(view: MapView, page_url: str) -> str:
    """The same content as the drawing, as lists of links."""

    def link(node: MapNode) -> str:
        href = escape(relative_link(node.url, page_url), quote=True)
        detail = (
            f' <span class="mg-map__detail">({escape(node.detail)})</span>' if node.detail else ""
        )
        return f'<li><a href="{href}">{escape(node.label)}</a>{detail}'

    out = ['<div class="mg-map__list">']
    if not view.key:
        out.append('<h2 id="map-tags">Tags</h2>\n<ul>')
        out += [link(node) + "</li>" for node in view.listed]
        out.append("</ul>")
    else:
        pages = [n for n in view.listed if n.kind == "page"]
        works = [n for n in view.listed if n.kind == "work"]
        out.append('<h3 id="mg-map-pages">Pages</h3>')
        if view.omitted:
            out.append(
                f'<p class="mg-map__omitted">The drawing shows {len(pages) - view.omitted} of '
                f"these {len(pages)} pages: those that cite the most shared works.</p>"
            )
        out.append("<ul>")
        out += [link(n) + "</li>" for n in pages]
        out.append("</ul>")
        out.append('<h3 id="mg-map-works">Works they share</h3>')
        if works:
            out.append("<ul>")
            out += [link(n) + "</li>" for n in works]
            out.append("</ul>")
        else:
            out.append("<p>No work is cited by two of these pages.</p>")
    out.append("</div>")
    return "\n".join(out)


def map_block(
    view: MapView,
    page_url: str,
    *,
    small: bool = False,
    full_map_url: str | None = None,
) -> str:
    """The map as it goes into a page: drawing and list side by side (on a wide screen)."""
    figure = map_svg(view, page_url, "mg-map-small" if small else "mg-map")
    if small:
        more = ""
        if full_map_url is not None:
            href = escape(relative_link(full_map_url, page_url), quote=True)
            more = f'<p class="mg-map__more"><a href="{href}">The whole map, with a list of every tag</a></p>'
        return (
            f'<div class="mg-map mg-map--small" data-search-exclude>\n{figure}\n{more}\n'
            "<details><summary>The map as a list</summary>\n"
            f"{map_list(view, page_url)}\n</details>\n</div>"
        )
    block = (
        f'<div class="mg-map" data-search-exclude>\n<div class="mg-map__figure">\n{figure}\n'
        f"</div>\n{map_list(view, page_url)}\n</div>"
    )
    if not view.key:
        return block
    # On the tag's own page, under its listings; the page's listings are what search finds.
    return (
        f'<section class="mg-tag-map" data-search-exclude>\n<h2 id="{MAP_ANCHOR}">Map</h2>\n'
        "<p>The pages with this tag and the works at least two of them cite, each a link, "
        f"and the same as a list.</p>\n{block}\n</section>"
    )
