"""``citation_location: margin``: each work's reference beside the paragraph that first
cites it on the page, in an author-date style."""

from __future__ import annotations

import os
from pathlib import Path

from marginalia.citations.collect import PageCluster
from marginalia.citations.syntax import parse_bracketed
from marginalia.notes.margin import margin_references

CORPUS = Path(__file__).parents[1] / "citations" / "corpus"
GOLDEN = Path(__file__).parent / "golden" / "margin-references.html"

PAGE = """---
title: Essay
---
# Essay

First [@smith2013a, p. 3] and [@vanderberg2015].

Again [@smith2013a, p. 4] and [the passage]{>market} with a new work [@who2001].

/// annotation | market

A margin note.
///

| table | [@goffman1961] |
| --- | --- |
"""


def _site(build_site, location: str | None):
    citations = {"bibliography": ["bib/corpus.bib"], "style": "apa"}
    if location is not None:
        citations["citation_location"] = location
    return build_site(
        {
            "docs/index.md": PAGE,
            "docs/bibliography.md": "# Bibliography\n",
            "bib/corpus.bib": (CORPUS / "corpus.bib").read_text(encoding="utf-8"),
        },
        plugin={"citations": citations},
        config={"markdown_extensions": ["attr_list", "footnotes", "md_in_html", "toc", "tables"]},
    )


def test_each_work_beside_the_paragraph_that_first_cites_it(build_site):
    site = _site(build_site, "margin")
    assert site.warnings == []
    page = site.html("")
    asides = page.count('class="mg-note mg-note--reference"')
    assert asides == 3  # smith2013a, vanderberg2015, who2001; not goffman1961 (a table)
    first = page.index("First ")
    again = page.index("Again ")
    group = page[first:again]
    assert 'id="mref-smith2013a"' in group and 'id="mref-vanderberg2015"' in group
    # The second paragraph's group holds its margin note and the new work only.
    second = page[again : page.index("<table")]
    assert 'id="mref-who2001"' in second and 'id="note-market"' in second
    assert "mref-smith2013a" not in second
    assert "Smith, J. (2013). Peer support in acute wards." in group
    assert '<section class="mg-references"' in page  # the list stays


def test_by_default_references_stay_in_the_list(build_site):
    page = _site(build_site, None).html("")
    assert "mg-note--reference" not in page


def test_an_unknown_location_is_refused(build_site):
    site = _site(build_site, "sidebar")
    assert site.aborted


def test_golden_html():
    html_in = (
        '<div class="mg-annotated">\n<p>A <span class="citation mg-cite" id="cite-a">A</span>'
        ' and <span class="citation mg-cite" id="cite-b">B</span>.</p>\n'
        '<div class="mg-notes">\n<aside class="mg-note" id="note-x">x</aside>\n</div>\n</div>\n'
        '<p>Then <span class="citation mg-cite" id="cite-a-2">A</span>.</p>\n'
        '<h2 id="h">In <span class="citation mg-cite" id="cite-c">C</span></h2>\n'
    )
    clusters = [
        PageCluster(0, "cite-a", parse_bracketed("[@a]")),
        PageCluster(1, "cite-b", parse_bracketed("[@b]")),
        PageCluster(2, "cite-a-2", parse_bracketed("[@a]")),
        PageCluster(3, "cite-c", parse_bracketed("[@c]")),
    ]
    refs = {"a": "Work <em>A</em>.", "b": "Work B &amp; co.", "c": "Work C."}
    actual = margin_references(html_in, clusters, refs)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")
