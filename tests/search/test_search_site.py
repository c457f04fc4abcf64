"""Search in tiny built sites: Pagefind's bundle, what it indexes, and every fault reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginalia.search import indexed_pages

BIB = """
@book{cahn2000,
  author    = {Cahn, Edgar S.},
  title     = {No More Throw-Away People},
  publisher = {Essential Books},
  year      = {2000}
}
"""

ESSAY = """\
---
title: A reading
summary: A reading of an essay.
type: critique
tags: [power]
---

# A reading

The essay argues about tokenism [@cahn2000, p. 3].

## Later section

More about participation.
"""

FILES = {
    "docs/index.md": "# Home\n\nWelcome, reader.\n",
    "docs/essays/reading.md": ESSAY,
    "docs/bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n",
    "bib/refs.bib": BIB,
    "data/tags.yml": "tags:\n  power:\n    label: Power\n    description: Who decides.\n",
}
PLUGIN = {
    "citations": {"bibliography": ["bib/refs.bib"]},
    "tags": {"vocabulary": "data/tags.yml"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """One strict build shared by the module's read-only tests."""
    from tests.conftest import build_site as fixture

    root = tmp_path_factory.mktemp("search-site")
    build = fixture.__wrapped__(root)  # the fixture's builder, outside a test's tmp_path
    return build(FILES, plugin=PLUGIN, strict=True)


def test_the_strict_build_writes_pagefinds_bundle(site):
    assert not site.aborted and site.warnings == []
    assert (site.site_dir / "pagefind" / "pagefind.js").is_file()
    assert (site.site_dir / "pagefind" / "pagefind-worker.js").is_file()


def test_every_page_is_indexed_but_the_404_page(site):
    assert set(indexed_pages(site.site_dir)) == {
        "/",
        "/essays/reading/",
        "/bibliography/",
        "/tags/",
        "/tags/power/",
    }


def test_only_the_article_is_indexed_not_navigation_or_permalinks(site):
    home = indexed_pages(site.site_dir)["/"]
    assert home.title == "Home"
    assert home.content == "Home. Welcome, reader."  # no nav, header, footer or "¶"


def test_reference_lists_and_previews_are_left_out_but_the_bibliography_is_in(site):
    pages = indexed_pages(site.site_dir)
    essay = pages["/essays/reading/"]
    assert "(Cahn, 2000, p. 3 )" in essay.content
    assert "Essential Books" not in essay.content  # the preview and the reference list
    assert "References" not in essay.content
    assert "Cite this page" not in essay.content and "@misc" not in essay.content
    assert "Cahn, E. S. (2000). No more throw-away people. Essential Books." in (
        pages["/bibliography/"].content
    )


def test_headings_are_sub_results_and_type_and_tags_are_filters(site):
    essay = indexed_pages(site.site_dir)["/essays/reading/"]
    assert ("later-section", "Later section") in essay.headings
    assert essay.filters == {"type": ["critique"], "tag": ["power"]}
    # Pages in a section name it, for results that share a title (a concept and its tag).
    assert essay.meta == {"title": "A reading", "section": "Essays"}
    assert "section" not in indexed_pages(site.site_dir)["/"].meta


def test_the_header_holds_the_search_box_pointing_at_the_bundle(site):
    page = site.html("essays/reading/")
    assert 'data-mg-pagefind="../../pagefind/pagefind.js"' in page
    assert "assets/marginalia/search.js" in page
    assert 'data-md-component="search"' not in page  # Material's script leaves it alone
    assert 'data-mg-pagefind="/pagefind/pagefind.js"' in site.html("404.html")


def test_search_can_be_turned_off(build_site):
    site = build_site(
        {"docs/index.md": "# Home\n"}, plugin={"search": {"enabled": False}}, strict=True
    )
    assert not site.aborted
    assert not (site.site_dir / "pagefind").exists()
    page = site.html("")
    assert "data-mg-search" not in page and "search.js" not in page


def _failing_binary(tmp_path: Path) -> str:
    script = tmp_path / "pagefind-broken"
    script.write_text("#!/bin/sh\necho 'Error: cannot read the site' >&2\nexit 3\n")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize(
    ("binary", "problem"),
    [
        (_failing_binary, "Pagefind exited with 3 (Error: cannot read the site)"),
        (lambda tmp: str(tmp / "no-such-binary"), "Pagefind could not start: [Errno 2] "),
    ],
)
def test_a_failed_index_is_reported_and_fails_the_strict_build(
    build_site, tmp_path, monkeypatch, binary, problem
):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary(tmp_path))
    site = build_site({"docs/index.md": "# Home\n"}, strict=True)
    assert site.aborted
    [message] = site.messages_with("search.index-failed")
    assert message.startswith(
        "marginalia: mkdocs.yml: the search index could not be written: " + problem
    )
    assert message.endswith(
        " — reinstall the pinned `pagefind[bin]` (make clean && make), or set "
        "PAGEFIND_BINARY_PATH to a Pagefind 1.x binary [search.index-failed]"
    )


def test_a_page_without_the_content_article_is_reported(build_site):
    site = build_site(
        {"docs/index.md": "# Home\n", "docs/other.md": "# Other\n"},
        plugin={"search": {"body_class": "no-such-class"}},
    )
    assert site.messages_with("search.no-page-body") == [
        f"marginalia: docs/{name}: the built page has no "
        '<article class="no-such-class">, so search will not find it — keep Material\'s '
        "content block in the theme overrides, or set `search.body_class` to the class of the "
        "page's main element [search.no-page-body]"
        for name in ("index.md", "other.md")
    ]
    assert not (site.site_dir / "pagefind").exists()  # nothing marked: nothing to index


def test_material_search_next_to_pagefind_is_reported(build_site):
    site = build_site(
        {"docs/index.md": "# Home\n"}, config={"plugins": ["search", {"marginalia": {}}]}
    )
    assert site.messages_with("search.two-engines") == [
        "marginalia: mkdocs.yml: Material's search plugin is enabled next to marginalia's "
        "Pagefind search; the header shows Material's box and loads its whole index — remove "
        "`- search` from `plugins:` (or set marginalia `search: {enabled: false}` to keep "
        "Material's) [search.two-engines]"
    ]


def test_the_filter_choices_are_the_types_and_tags_the_pages_carry_with_their_labels(site):
    import json

    written = site.site_dir / "assets" / "marginalia" / "search-filters.json"
    assert json.loads(written.read_text(encoding="utf-8")) == {
        "type": [["critique", "Critiques"]],
        "tag": [["power", "Power"]],
    }
    page = site.html("essays/reading/")
    assert 'data-mg-filters="../../assets/marginalia/search-filters.json"' in page
    assert '<select name="type" data-mg-filter="type"' in page
