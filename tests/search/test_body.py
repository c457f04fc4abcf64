"""Marking the article Pagefind indexes, and reading back what it indexed."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marginalia.search import indexed_pages, mark_page_body

ARTICLE = '<article class="md-content__inner md-typeset">'


@pytest.mark.parametrize(
    ("page", "filters", "expected"),
    [
        (
            f"<nav>x</nav>{ARTICLE}<h1>T</h1></article>",
            (),
            '<nav>x</nav><article class="md-content__inner md-typeset" data-pagefind-body>'
            "<h1>T</h1></article>",
        ),
        (
            f"{ARTICLE}<h1>T</h1></article>",
            (("type", "critique"), ("tag", "well-being")),
            '<span hidden data-pagefind-filter="type:critique"></span>'
            '<span hidden data-pagefind-filter="tag:well-being"></span>'
            '<article class="md-content__inner md-typeset" data-pagefind-body><h1>T</h1></article>',
        ),
        # A value that would break the attribute, or split into two filters, is left out.
        (
            f"{ARTICLE}</article>",
            (("tag", 'a"b'), ("tag", "x, tag:y"), ("tag", "ok")),
            '<span hidden data-pagefind-filter="tag:ok"></span>'
            '<article class="md-content__inner md-typeset" data-pagefind-body></article>',
        ),
        # Meta fields go on hidden elements too; a comma would start another field.
        (
            f"{ARTICLE}</article>",
            (),
            '<span hidden data-pagefind-meta="section:Projects and works"></span>'
            '<article class="md-content__inner md-typeset" data-pagefind-body></article>',
        ),
        # Only the theme's content article, not an article inside the page's text.
        (
            f"<article>quoted</article>{ARTICLE}<article>inner</article></article>",
            (),
            "<article>quoted</article>"
            '<article class="md-content__inner md-typeset" data-pagefind-body>'
            "<article>inner</article></article>",
        ),
        # Marked already (a second pass): unchanged.
        (
            '<article class="md-content__inner" data-pagefind-body></article>',
            (("tag", "x"),),
            '<article class="md-content__inner" data-pagefind-body></article>',
        ),
        ("<main><h1>No article</h1></main>", (), None),
        ('<article class="md-content__inner-wide"></article>', (), None),
    ],
)
def test_mark_page_body(page, filters, expected):
    meta = [("section", "Projects, and works")] if "pagefind-meta" in (expected or "") else []
    assert mark_page_body(page, filters=filters, meta=meta) == expected


def test_a_theme_with_another_content_class_is_configurable():
    page = '<main class="content"><article class="page-body">x</article></main>'
    assert mark_page_body(page, body_class="page-body") == (
        '<main class="content"><article class="page-body" data-pagefind-body>x</article></main>'
    )


def _fragment(folder: Path, name: str, record: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = b"pagefind_dcd" + json.dumps(record).encode("utf-8")
    (folder / f"{name}.pf_fragment").write_bytes(gzip.compress(data))


def test_indexed_pages_reads_pagefinds_fragments(tmp_path: Path):
    fragments = tmp_path / "pagefind" / "fragment"
    _fragment(
        fragments,
        "en_1",
        {
            "url": "/essays/x/",
            "content": "Essay. Words.",
            "meta": {"title": "Essay"},
            "filters": {"tag": ["power"]},
            "anchors": [
                {"element": "h2", "id": "later", "text": "Later", "location": 2},
                {"element": "span", "id": "cite-x", "text": "(X, 2000)", "location": 1},
            ],
        },
    )
    pages = indexed_pages(tmp_path)
    assert list(pages) == ["/essays/x/"]
    page = pages["/essays/x/"]
    assert (page.title, page.content, page.filters) == (
        "Essay",
        "Essay. Words.",
        {"tag": ["power"]},
    )
    assert page.headings == (("later", "Later"),)
    assert indexed_pages(tmp_path / "nothing") == {}
