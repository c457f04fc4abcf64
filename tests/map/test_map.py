"""The map's views, layout and SVG: what is drawn, that it is the same every time, that
every node is a link with a name and every label is escaped; golden files for the SVG."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from marginalia.map.layout import place
from marginalia.map.render import map_block, map_list, map_svg
from marginalia.map.views import overview, tag_view
from tests.map.graph_fixture import graph, page

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8"), f"{name} changed; UPDATE_GOLDEN=1 rewrites it"


def test_the_overview_draws_every_tag_with_pages_and_links_each_to_its_map():
    view = overview(graph(), "map")
    assert [n.id for n in view.nodes] == ["tag:power", "tag:care"]  # "unused" has no page
    assert [n.url for n in view.nodes] == ["tags/power/#tag-map", "tags/care/#tag-map"]
    assert [n.weight for n in view.nodes] == [3, 2]
    assert view.edges == (("tag:care", "tag:power"),)  # the essay has both


def test_a_tag_map_draws_its_pages_and_only_the_works_two_of_them_cite():
    view = tag_view(graph(), "tag:power")
    pages = [n.label for n in view.nodes if n.kind == "page"]
    works = [n.id for n in view.nodes if n.kind == "work"]
    assert pages == ['An essay <on> power & "care"', "Mind", "Power"]  # by title
    assert works == ["ref:ostrom", "ref:slay"]  # "once" is cited by one page only
    assert ("page:projects/mind.md", "ref:slay") in view.edges
    assert ("page:concepts/power.md", "ref:slay") not in view.edges
    assert [n.label for n in view.nodes if n.kind == "work"][1] == (
        "Slay, J., & Stephens, L. (2013)"
    )


def test_a_crowded_tag_draws_up_to_the_limit_and_lists_every_page():
    data = graph()
    for i in range(60):
        path = f"concepts/extra-{i:02}.md"
        data["pages"].append(page(path, f"Extra {i:02}"))
        data["edges"].append({"source": f"page:{path}", "target": "tag:care", "kind": "page-tag"})
    view = tag_view(data, "tag:care", page_limit=10)
    drawn = [n for n in view.nodes if n.kind == "page"]
    listed = [n for n in view.listed if n.kind == "page"]
    assert len(drawn) == 10 and len(listed) == 62 and view.omitted == 52
    # Those that cite shared works come first: the essay and the care page are drawn.
    assert {"page:essays/a.md", "page:concepts/care.md"} <= {n.id for n in drawn}
    assert "The drawing shows 10 of these 62 pages" in map_list(view, "tags/care/")


def test_the_layout_is_the_same_every_time_and_keeps_nodes_apart():
    view = tag_view(graph(), "tag:power")
    first, second = place(view), place(view)
    assert first == second
    spots = [(p.x, p.y) for p in first.nodes]
    assert len(set(spots)) == len(spots)


@pytest.mark.parametrize("which", ["overview", "power"])
def test_every_node_is_a_link_with_a_name_and_the_svg_is_well_formed(which):
    view = overview(graph(), "map") if which == "overview" else tag_view(graph(), "tag:power")
    svg = map_svg(view, "map/" if which == "overview" else "tags/power/")
    root = ET.fromstring(svg)  # escaped labels: it parses as XML
    links = root.findall(f".//{SVG}a")
    assert len(links) == len(view.nodes)
    for link in links:
        assert link.get("href")
        assert link.get("aria-label")
        assert link.find(f"{SVG}circle") is not None
    escaped = "&lt;control&gt;" if which == "overview" else "&lt;on&gt;"
    assert escaped in svg
    assert "<on>" not in svg and "<control>" not in svg


def test_links_are_relative_to_the_page_the_map_is_on():
    view = tag_view(graph(), "tag:power")
    svg = map_svg(view, "tags/power/")
    assert 'href="../../essays/a/"' in svg
    assert 'href="../../bibliography/#ref-ostrom"' in svg
    home = map_svg(overview(graph(), "map"), "")
    assert 'href="tags/power/#tag-map"' in home
    assert 'href="../tags/power/#tag-map"' in map_svg(overview(graph(), "map"), "map/")


def test_golden_overview():
    _golden("overview.html", map_block(overview(graph(), "map"), "map/") + "\n")


def test_golden_tag_map():
    _golden("tag-power.html", map_block(tag_view(graph(), "tag:power"), "tags/power/") + "\n")


def test_golden_small_map_on_the_home_page():
    block = map_block(overview(graph(), "map"), "", small=True, full_map_url="map/")
    _golden("home.html", block + "\n")
