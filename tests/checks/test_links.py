"""The rendered-HTML link check, on hand-written built sites (no MkDocs involved)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginalia.checks.links import SourcePage, check_site_html, scan_html
from marginalia.checks.locate import locate_link

PAGE = '<html><body><h1 id="{id}">T</h1>{body}</body></html>'


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, body in pages.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".html"):
            body = PAGE.format(id="top-heading", body=body)
        target.write_text(body, encoding="utf-8")
    return site


BASE_PAGES = {
    "index.html": '<h2 id="intro">Intro</h2>',
    "essays/reading/index.html": '<p id="p1">x</p><a name="old-anchor"></a>',
    "bibliography/index.html": '<li id="ref-arnstein1969">A</li>',
    "assets/logo.png": "png",
}


@pytest.mark.parametrize(
    ("href", "code"),
    [
        # resolving links
        ("../../", None),
        ("../../index.html", None),
        ("./", None),
        ("", None),
        ("../../bibliography/", None),
        ("../../bibliography", None),
        ("../../bibliography/#ref-arnstein1969", None),
        ("../../assets/logo.png", None),
        ("/kb/bibliography/", None),
        ("/kb/", None),
        ("#p1", None),
        ("#old-anchor", None),
        ("#top", None),
        ("#", None),
        ("https://example.org/nowhere", None),
        ("mailto:someone@example.org", None),
        ("//cdn.example.org/x.js", None),
        ("../../bib%6Ciography/", None),
        # broken targets
        ("../../nowhere/", "links.broken"),
        ("../../essays/reading.md", "links.broken"),
        ("../../../../outside/", "links.broken"),
        ("/elsewhere/page/", "links.broken"),
        ("../../assets/missing.png", "links.broken"),
        # missing anchors
        ("#nope", "links.missing-anchor"),
        ("../../bibliography/#ref-nobody", "links.missing-anchor"),
        ("../../#intro-x", "links.missing-anchor"),
    ],
)
def test_each_kind_of_link_is_resolved_or_reported(tmp_path, href, code):
    pages = dict(BASE_PAGES)
    pages["essays/reading/index.html"] += f'<a href="{href}">the link</a>'
    site = _site(tmp_path, pages)
    found = check_site_html(site, base_path="/kb/")
    assert [d.code for d in found] == ([code] if code else [])
    if code:
        assert found[0].path == "site/essays/reading/index.html"
        assert f"'{href}'" in found[0].message


def test_a_missing_anchor_suggests_the_closest_one(tmp_path):
    pages = dict(BASE_PAGES)
    pages["index.html"] += '<a href="bibliography/#ref-arnstein1968">A</a>'
    (found,) = check_site_html(_site(tmp_path, pages))
    assert found.fix == "did you mean '#ref-arnstein1969'?"
    assert found.message == (
        "link to 'bibliography/#ref-arnstein1968': 'bibliography/' has no anchor '#ref-arnstein1968'"
    )


def test_every_fault_on_every_page_is_reported_once_per_link(tmp_path):
    pages = dict(BASE_PAGES)
    pages["index.html"] += '<a href="a/">1</a><a href="a/">again</a><a href="#b">2</a>'
    pages["essays/reading/index.html"] += '<img src="pic.png" alt="x">'
    found = check_site_html(_site(tmp_path, pages))
    assert [(d.path, d.code) for d in found] == [
        ("site/essays/reading/index.html", "links.broken"),
        ("site/index.html", "links.broken"),
        ("site/index.html", "links.missing-anchor"),
    ]


def test_a_fault_is_mapped_to_the_source_line_of_the_link(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    source = docs / "reading.md"
    source.write_text(
        "---\ntitle: R\n---\n\n# Reading\n\nSee [the list](bibliography.md#ref-nobody).\n",
        encoding="utf-8",
    )
    pages = dict(BASE_PAGES)
    pages["essays/reading/index.html"] += (
        '<a href="../../bibliography/#ref-nobody">the list</a>'
        '<a href="../../bibliography/#generated">generated elsewhere</a>'
    )
    site = _site(tmp_path, pages)
    sources = {"essays/reading/index.html": SourcePage("docs/reading.md", source)}
    found = check_site_html(site, sources=sources)
    assert [(d.path, d.line) for d in found] == [("docs/reading.md", None), ("docs/reading.md", 7)]


@pytest.mark.parametrize(
    ("markdown", "href", "texts", "line"),
    [
        ("a\n[x](other.md)\n", "../other/", ["x"], 2),
        ("a\nb [the text](other.md#sec)\nc [the text](other.md)\n", "../other/#sec", [], 2),
        ("a\nsee [Arnstein](b.md)\n", "../b/", ["Arnstein"], 2),
        ("[gone](nowhere.md)\n", "nowhere.md", [], 1),
        ("nothing here\n", "../tags/power/", ["power"], None),
        ("a [y](#frag)\n", "#frag", ["y"], 1),
    ],
)
def test_locate_link_finds_the_source_line(markdown, href, texts, line):
    assert locate_link(markdown, href, texts) == line


def test_scan_keeps_ids_and_links_and_survives_empty_pages():
    page = scan_html(
        b'<head><link rel="stylesheet" href="s.css"><link rel="canonical" href="c/">'
        b'<script src="j.js"></script></head>'
        b'<div id="a"><a href="x/" id="b">x</a><img src="i.png"></div>'
    )
    assert page.ids == {"a", "b"}
    assert page.links == ["s.css", "j.js", "x/", "i.png"]
    assert scan_html(b"").links == []
