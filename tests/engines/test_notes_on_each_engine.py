"""A note style on MkDocs and on Zensical (through the driver): on every page with notes,
the same notes in the same order with the same numbers, each sidenote beside the same
paragraph, the same note marks in the text, and the same Bibliography. The real site is
built once per engine for the whole module (a copy whose mkdocs.yml names
``chicago-notes-bibliography``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.engines.conftest import build
from tests.engines.parity import _text, _without, differences
from tests.notes.real_site import copy_with_style

ENGINES = ("mkdocs", "zensical")
ESSAY = "essays/co-production-who-is-co-producing-what/index.html"
_PREVIEW = './/*[contains(@class, "mg-cite__preview")]'


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    config = copy_with_style(tmp_path_factory.mktemp("note-style") / "project")
    built = {}
    for engine in ENGINES:
        site_dir = tmp_path_factory.mktemp(f"notes-{engine}")
        done = build(engine, config.parent, site_dir)
        assert done.returncode == 0, f"{engine}: {done.stdout}\n{done.stderr}"
        built[engine] = site_dir
    return built


def note_facts(path: Path) -> dict:
    """The notes of one page as a reader meets them, engine aside."""
    tree = lxml_html.fromstring(path.read_bytes())
    sidenotes = []
    for aside in tree.xpath('//aside[contains(@class, "mg-note--citation")]'):
        group = aside.xpath('ancestor::div[contains(@class, "mg-annotated")][1]/*[1]')
        beside = _text(_without(group[0], _PREVIEW)) if group else None
        sidenotes.append((aside.get("id"), _text(aside), beside))
    return {
        "sidenotes": sidenotes,
        "footnotes": [
            (li.get("value"), li.get("id"), _text(_without(li, _PREVIEW)))
            for li in tree.xpath('//*[contains(@class, "footnote")]//li')
        ],
        "marks": [
            (a.get("href"), _text(a))
            for a in tree.xpath(
                '//*[contains(@class, "mg-cnote-ref")]//a[contains(@class, "mg-cite__link")]'
            )
        ],
        "bibliography": [
            (e.get("id"), _text(e)) for e in tree.xpath('//*[contains(@class, "csl-entry")]')
        ],
    }


@pytest.fixture(scope="module")
def facts(sites) -> dict[str, dict[str, dict]]:
    found: dict[str, dict[str, dict]] = {}
    for engine, site in sites.items():
        pages = {}
        for path in sorted(site.rglob("index.html")):
            page = note_facts(path)
            if page["sidenotes"] or page["footnotes"] or path.parent.name == "bibliography":
                pages[path.relative_to(site).as_posix()] = page
        found[engine] = pages
    return found


def test_the_notes_compared_are_there(facts):
    mkdocs = facts["mkdocs"]
    essay = mkdocs[ESSAY]
    assert len(essay["sidenotes"]) >= 3 and all(beside for _, _, beside in essay["sidenotes"])
    numbers = [int(value) for value, _, _ in essay["footnotes"] if value]
    assert numbers and numbers == list(range(1, len(numbers) + 1))
    assert [text for _, text in essay["marks"]] == [str(n) for n in numbers]
    assert len(mkdocs["bibliography/index.html"]["bibliography"]) >= 10
    assert len([p for p in mkdocs.values() if p["sidenotes"]]) >= 2


def test_the_same_pages_have_notes_on_both_engines(facts):
    assert sorted(facts["zensical"]) == sorted(facts["mkdocs"])


@pytest.mark.parametrize("kind", ["sidenotes", "footnotes", "marks", "bibliography"])
def test_every_page_has_the_same_notes_on_zensical(facts, kind):
    found = [
        line
        for page, mkdocs in facts["mkdocs"].items()
        for line in differences(
            mkdocs[kind], facts["zensical"].get(page, {}).get(kind), f"{page}/{kind}"
        )
    ]
    assert found == [], "\n".join(found[:20])


def _stylesheets(site: Path, page: str) -> list[str]:
    tree = lxml_html.fromstring((site / page).read_bytes())
    return [
        href.rsplit("/", 1)[-1]
        for href in tree.xpath('//link[@rel="stylesheet"]/@href')
        if "/marginalia/" in href
    ]


def test_a_page_with_notes_links_the_same_stylesheets_on_zensical(sites):
    # The notes are laid out by notes.css: a page without it repeats its sidenotes as
    # footnotes on screen. material-search.css is the driver's own (Zensical's theme).
    mkdocs = _stylesheets(sites["mkdocs"], ESSAY)
    zensical = [s for s in _stylesheets(sites["zensical"], ESSAY) if s != "material-search.css"]
    assert "notes.css" in mkdocs
    assert zensical == mkdocs
