"""Downloads and the map in built sites: files beside each critique and links to them, a
fault (and no link) for a format that cannot be made, the same bytes from the same sources,
a cache that notices a change; the map's pages."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from marginalia.downloads.make import Job, make_one
from tests.downloads.page_fixture import PAGE
from tests.tags.conftest import PAGES, PLUGIN, VOCABULARY

EPOCH = "1767225600"  # 2026-01-01

ODD = """\
---
title: Third reading
summary: A reading with a word the PDF font cannot draw.
tags: [power]
---

# Third reading

The word 語 is written here.
"""


@pytest.fixture
def knowledge_base(build_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def build(extra: dict[str, str] | None = None, **kwargs):
        files = {"data/tags.yml": VOCABULARY, **PAGES, **(extra or {})}
        return build_site(files, plugin=kwargs.pop("plugin", PLUGIN), **kwargs)

    return build


def _links(html: str) -> list[str]:
    block = re.search(r'<p class="mg-downloads".*?</p>', html, re.S)
    return re.findall(r'href="([^"]+)"', block.group(0)) if block else []


def test_each_critique_gets_its_files_and_links_to_them(knowledge_base):
    site = knowledge_base(strict=True)
    assert not site.aborted, site.warnings
    html = site.html("essays/reading/")
    assert _links(html) == ["reading.epub", "reading.pdf"]
    assert html.index('class="mg-downloads"') > html.index("</h1>")  # under the title
    folder = site.site_dir / "essays/reading"
    assert (folder / "reading.epub").read_bytes()[30:38] == b"mimetype"
    assert (folder / "reading.pdf").read_bytes().startswith(b"%PDF-")
    assert _links(site.html("projects/up2us/")) == []  # a project is not a critique
    assert not list((site.site_dir / "projects").rglob("*.pdf"))


def test_a_pdf_that_cannot_be_made_is_a_fault_at_its_line_and_has_no_link(knowledge_base):
    site = knowledge_base({"docs/essays/third.md": ODD})
    faults = site.messages_with("downloads.pdf-missing-glyph")
    assert len(faults) == 1
    assert "docs/essays/third.md:9: no PDF made" in faults[0]
    assert "U+8A9E" in faults[0]
    assert _links(site.html("essays/third/")) == ["third.epub"]
    assert (site.site_dir / "essays/third/third.epub").is_file()
    assert not (site.site_dir / "essays/third/third.pdf").exists()
    assert _links(site.html("essays/reading/")) == ["reading.epub", "reading.pdf"]


def test_strict_builds_fail_on_a_download_that_cannot_be_made(knowledge_base):
    assert knowledge_base({"docs/essays/third.md": ODD}, strict=True).aborted


def test_the_same_sources_give_the_same_files(knowledge_base, tmp_path):
    first = knowledge_base(plugin={**PLUGIN, "downloads": {"cache": False}})
    files = {p: p.read_bytes() for p in sorted(first.site_dir.rglob("*.pdf"))}
    files |= {p: p.read_bytes() for p in sorted(first.site_dir.rglob("*.epub"))}
    assert len(files) == 4
    again = knowledge_base(plugin={**PLUGIN, "downloads": {"cache": False, "worker": False}})
    assert {p: p.read_bytes() for p in files} == files
    assert again.site_dir == first.site_dir


def test_the_cache_gives_back_a_file_until_the_page_changes(tmp_path: Path):
    page = tmp_path / "index.html"
    page.write_text(PAGE, "utf-8")
    job = Job(
        "docs/x.md",
        str(page),
        "https://example.org/x/",
        "Fixture",
        str(tmp_path / "x"),
        ("epub", "pdf"),
    )
    cache = str(tmp_path / "cache")
    assert make_one(job, cache, 0).cached == 0
    made = (tmp_path / "x.pdf").read_bytes()
    assert make_one(job, cache, 0).cached == 2
    assert (tmp_path / "x.pdf").read_bytes() == made
    page.write_text(PAGE.replace("The opening paragraph.", "A new opening."), "utf-8")
    assert make_one(job, cache, 0).cached == 0
    assert (tmp_path / "x.pdf").read_bytes() != made
    assert make_one(job, cache, 86400).cached == 0  # another date: another file


def test_the_map_pages_are_built_with_a_link_for_every_node(knowledge_base):
    site = knowledge_base(
        {
            "docs/index.md": "# Home\n\nSee [the reading](essays/reading.md).\n\n"
            "<!-- marginalia:map-small -->\n",
            "docs/map/index.md": "# Map\n\n<!-- marginalia:map -->\n",
        },
        strict=True,
    )
    assert not site.aborted, site.warnings
    overview = site.html("map/")
    assert "marginalia:map" not in overview
    svg = re.search(r"<svg[^>]*mg-map__svg.*?</svg>", overview, re.S).group(0)
    hrefs = re.findall(r'<a href="([^"]+)" class="mg-map__node', svg)
    # Each tag's map is on its tag page; "recovery" has no page, so no map.
    assert hrefs == [
        "../tags/coercion/#tag-map",
        "../tags/power/#tag-map",
        "../tags/well-being/#tag-map",
    ]
    coercion = site.html("tags/coercion/")
    assert coercion.count('<h2 id="tag-map">Map</h2>') == 1
    nodes = re.findall(r'<a href="([^"]+)" class="mg-map__node', coercion)
    assert nodes == [
        "../../essays/reading/",
        "../../concepts/power/",
        "../../essays/second/",
    ]  # by title
    assert 'id="tag-map"' not in site.html("tags/recovery/")
    assert "marginalia:tag-map" not in site.html("tags/recovery/")
    home = site.html("")
    assert 'class="mg-map mg-map--small"' in home
    assert 'href="tags/coercion/#tag-map" class="mg-map__node' in home


def test_the_cache_keeps_about_four_builds_worth_of_files(knowledge_base):
    site = knowledge_base(plugin={**PLUGIN})
    cache = site.root / ".cache" / "marginalia" / "downloads"
    kept = sorted(p.name for p in cache.iterdir())
    assert kept, "the build keeps its files"
    old = [cache / f"{n:064x}.epub" for n in range(40)]
    for number, path in enumerate(old):  # files of earlier builds, older than this one
        path.write_bytes(b"old")
        os.utime(path, (1_000_000 + number, 1_000_000 + number))
    again = knowledge_base(plugin={**PLUGIN}, root=site.root)
    left = {p.name for p in cache.iterdir()}
    assert set(kept) <= left  # this build's files stay (they were read, so touched)
    epubs = [name for name in left if name.endswith(".epub")]
    made = sum(name.endswith(".epub") for name in kept)
    assert len(epubs) == 4 * made
    assert old[-1].name in left and old[0].name not in left  # the newest old ones stay
    assert not again.aborted and not again.warnings
