"""Sections over ``navigation.section_limit`` list only their index page; tiny sites."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from marginalia.checks.links import check_site_html


@pytest.fixture(autouse=True)
def _log_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs")  # advisories and notes are logged as info


FEATURES = [
    "navigation.tabs",
    "navigation.sections",
    "navigation.indexes",
    "navigation.footer",
    "navigation.prune",
]
THEME = {"name": "material", "font": False, "features": FEATURES}
PAGES = {"types_by_folder": {"notes": "concept", "small": "concept"}}
NOTES = "abcd"

_PRIMARY_NAV = re.compile(r'<nav class="md-nav md-nav--primary.*?</nav>\s*</div>', re.DOTALL)
_HREF = re.compile(r'href="([^"]*)"')


def _files(index_text: str = "See [the first note](a.md) to begin.\n") -> dict[str, str]:
    files = {
        "docs/index.md": "# Home\n",
        "docs/notes/index.md": f"---\ntitle: Notes\n---\n\n# Notes\n\n{index_text}",
        "docs/small/index.md": "---\ntitle: Small\n---\n\n# Small\n",
        "docs/small/x.md": "---\ntitle: X\nsummary: X.\n---\n\n# X\n",
    }
    for name in NOTES:
        files[f"docs/notes/{name}.md"] = (
            f"---\ntitle: Note {name} <&>\nsummary: About {name} & <b>bold</b>\n---\n\n"
            f"# Note {name}\n\nText.\n"
        )
    return files


def _nav_links(html: str) -> list[str]:
    """Every link to a page in the primary navigation (the sidebar, the drawer on phones);
    the current page's table of contents, which Material puts there too, is left out."""
    match = _PRIMARY_NAV.search(html)
    assert match, "no primary navigation in the page"
    return [href for href in _HREF.findall(match.group(0)) if not href.startswith("#")]


EXPLICIT_NAV = [
    {"Home": "index.md"},
    {"Notes": ["notes/index.md", *(f"notes/{n}.md" for n in NOTES)]},
    {"Small": ["small/index.md", "small/x.md"]},
]


@pytest.mark.parametrize("nav", [None, EXPLICIT_NAV], ids=["nav-from-folders", "nav-listed"])
def test_a_section_over_the_limit_lists_only_its_index(build_site, nav) -> None:
    config = {"theme": THEME, **({"nav": nav} if nav else {})}
    site = build_site(
        _files(), plugin={"pages": PAGES, "navigation": {"section_limit": 3}}, config=config
    )
    assert site.warnings == []
    assert (
        "marginalia: navigation: section 'Notes' has 4 pages, more than section_limit (3): "
        "it lists only notes/index.md, which links to the others"
    ) in site.infos
    for page in ["", "notes/", *(f"notes/{n}/" for n in NOTES), "small/", "small/x/"]:
        links = _nav_links(site.html(page))
        # The index page is linked; no other page of the section is.
        assert not [link for link in links if re.search(r"notes/[a-d]/$|^\.\./[a-d]/$", link)]
    # Logo, Home, the section (its index), Small; on a page of the section, the page itself
    # too, added while it is rendered so that the sidebar shows where the reader is.
    assert _nav_links(site.html("notes/")) == ["..", "..", "./", "../small/"]
    assert _nav_links(site.html("notes/b/")) == ["../..", "../..", "../", "./", "../../small/"]
    # A page of the pruned section keeps the section as its parent: tab and section active.
    html = site.html("notes/b/")
    assert re.search(r'md-tabs__item--active">\s*<a href="\.\./"', html)
    assert "md-nav__item--active md-nav__item--section" in html


def test_the_pages_are_still_built_and_walk_previous_next_in_nav_order(build_site) -> None:
    site = build_site(
        _files(),
        plugin={"pages": PAGES, "navigation": {"section_limit": 3}},
        config={"theme": THEME},
    )
    expected = {
        "notes/": ("..", "a/"),
        "notes/a/": ("../", "../b/"),
        "notes/b/": ("../a/", "../c/"),
        "notes/d/": ("../c/", "../../small/"),
        "small/": ("../notes/d/", "x/"),
    }
    for page, (previous, following) in expected.items():
        html = site.html(page)
        assert f'<link rel="prev" href="{previous}">' in html, page
        assert f'<link rel="next" href="{following}">' in html, page
        assert f'href="{previous}" class="md-footer__link md-footer__link--prev"' in html, page


def test_the_index_lists_the_pages_it_does_not_link_to_escaped(build_site) -> None:
    site = build_site(
        _files(),
        plugin={"pages": PAGES, "navigation": {"section_limit": 3}},
        config={"theme": THEME},
    )
    html = site.html("notes/")
    listing = (
        '<p>See <a href="a/">the first note</a> to begin.</p>\n'
        '<h2 id="marginalia-section-pages">Pages in this section</h2>\n'
        '<ul class="marginalia-section-pages">\n'
        + "".join(
            f'<li><a href="{n}/">Note {n} &lt;&amp;&gt;</a>: '
            f"About {n} &amp; &lt;b&gt;bold&lt;/b&gt;</li>\n"
            for n in "bcd"
        )
        + "</ul>"
    )
    assert listing in html
    assert "<b>bold</b>" not in html


def test_a_title_from_the_first_heading_is_escaped_once(build_site) -> None:
    files = _files()
    files["docs/notes/c.md"] = "# Tom & Jerry <3\n"
    site = build_site(
        files,
        plugin={"pages": {"enabled": False}, "navigation": {"section_limit": 3}},
        config={"theme": THEME},
    )
    assert '<li><a href="c/">Tom &amp; Jerry &lt;3</a></li>' in site.html("notes/")


def test_the_marker_places_a_full_listing_and_a_marker_in_code_is_left_alone(build_site) -> None:
    index = (
        "Start with [the first note](a.md).\n\n"
        "<!-- marginalia:section-pages -->\n\n"
        "## Writing a note\n\n"
        "`<!-- marginalia:section-pages -->` places the list.\n"
    )
    site = build_site(
        _files(index),
        plugin={
            "pages": PAGES,
            "navigation": {"section_limit": 3, "listing_heading": "All <notes>"},
        },
        config={"theme": THEME},
    )
    html = site.html("notes/")
    heading = '<h2 id="marginalia-section-pages">All &lt;notes&gt;</h2>'
    assert html.count(heading) == 1
    # At the marker, before the next heading, and every page listed (the linked one too).
    assert html.index(heading) < html.index('<h2 id="writing-a-note">')
    assert [f'href="{n}/"' in html.split(heading)[1].split("</ul>")[0] for n in NOTES] == [True] * 4
    assert "<code>&lt;!-- marginalia:section-pages --&gt;</code> places the list." in html
    assert "<!-- marginalia:section-pages -->" not in html


def test_sections_within_the_limit_are_untouched(build_site, tmp_path: Path) -> None:
    """With the limit at 4 nothing changes: every page is what it is with the feature off."""
    files = _files()
    on = build_site(
        files,
        plugin={"pages": PAGES, "navigation": {"section_limit": 4}},
        config={"theme": THEME},
        root=tmp_path / "on",
    )
    off = build_site(
        files,
        plugin={"pages": PAGES, "navigation": {"enabled": False}},
        config={"theme": THEME},
        root=tmp_path / "off",
    )
    built = sorted(p.relative_to(on.site_dir) for p in on.site_dir.rglob("*.html"))
    assert built == sorted(p.relative_to(off.site_dir) for p in off.site_dir.rglob("*.html"))
    for rel in built:
        assert (on.site_dir / rel).read_text("utf-8") == (off.site_dir / rel).read_text("utf-8")
    assert not [m for m in on.infos if "navigation:" in m]


def test_a_large_section_without_index_is_left_alone_with_an_advisory(build_site) -> None:
    files = {k: v for k, v in _files().items() if k != "docs/notes/index.md"}
    site = build_site(
        files, plugin={"pages": PAGES, "navigation": {"section_limit": 3}}, config={"theme": THEME}
    )
    assert site.warnings == []
    assert site.messages_with("navigation.no-index") == [
        "marginalia: docs/notes/: section 'Notes' has 4 pages, more than section_limit (3), "
        "and no index page, so every page of the section carries all of them in its "
        "navigation — add docs/notes/index.md first in the section; the navigation will then "
        "list only it, and it will link to the others [navigation.no-index]"
    ]
    assert [n for n in NOTES if '"../' + n + '/"' in site.html("notes/a/")] == list("bcd")


def test_a_sub_section_is_judged_on_its_own(build_site) -> None:
    files = _files()
    files["docs/notes/deep/index.md"] = "---\ntitle: Deep\n---\n\n# Deep\n"
    files["docs/notes/deep/e.md"] = "---\ntitle: E\nsummary: E.\n---\n\n# E\n"
    site = build_site(
        files, plugin={"pages": PAGES, "navigation": {"section_limit": 3}}, config={"theme": THEME}
    )
    assert site.warnings == []
    assert [m for m in site.infos if "navigation: section" in m] == [
        "marginalia: navigation: section 'Notes' has 4 pages, more than section_limit (3): "
        "it lists only notes/index.md, which links to the others"
    ]
    # The sub-section stays in its parent's navigation, with its own page.
    assert _nav_links(site.html("notes/deep/e/")) == [
        "../../..",
        "../../..",
        "../../",
        "../",
        "./",
        "../../../small/",
    ]
    assert "marginalia-section-pages" not in site.html("notes/deep/")  # within the limit


def test_the_link_checker_finds_no_broken_link(build_site) -> None:
    site = build_site(
        _files(),
        plugin={"pages": PAGES, "navigation": {"section_limit": 1}},
        config={"theme": THEME},
    )
    assert site.warnings == []
    assert len([m for m in site.infos if "navigation: section" in m]) == 1  # Small has one
    assert check_site_html(site.site_dir) == []


def test_a_limit_below_one_is_a_configuration_error(build_site) -> None:
    site = build_site(_files(), plugin={"navigation": {"section_limit": 0}})
    assert site.aborted
    assert any("navigation.section_limit must be 1 or more, not 0" in m for m in site.warnings)
