"""A note style in a built site: notes per page, beside their paragraphs, kept by content."""

from __future__ import annotations

import re
from pathlib import Path

from marginalia.citations.styles import CitationStyle, bundled_styles_dir
from marginalia.notes.sequence import NoteUnit
from marginalia.notes.styled import NoteRun, PageNotes

CORPUS = Path(__file__).parents[1] / "citations" / "corpus"
STYLE = "chicago-notes-bibliography-subsequent-ibid"

ESSAY = """---
title: An essay
---
# An essay

A paragraph cites [@smith2013a, p. 3], then [@smith2013a, p. 4] and
[about the passage]{>market} with a footnote[^f].

/// annotation | market

A margin note.
///

Another paragraph cites [@vanderberg2015] and ends^[An inline note, [see @who2001].].

[^f]: A plain footnote.
"""


def _site(build_site, pages: dict[str, str]):
    return build_site(
        {
            **pages,
            "docs/bibliography.md": "# Bibliography\n",
            "bib/corpus.bib": (CORPUS / "corpus.bib").read_text(encoding="utf-8"),
        },
        plugin={"citations": {"bibliography": ["bib/corpus.bib"], "style": STYLE}},
        config={"markdown_extensions": ["attr_list", "footnotes", "md_in_html", "toc"]},
    )


def test_notes_sit_beside_their_paragraphs_and_in_the_footnotes(build_site):
    site = _site(
        build_site,
        {
            "docs/index.md": ESSAY,
            "docs/other/index.md": "---\ntitle: Other\n---\n# Other\n\n[@smith2013a, p. 3]\n",
        },
    )
    assert site.warnings == []
    page = site.html("")
    # Notes 1-2 are the first paragraph's citations, 3 its footnote, 4 and 5 the second's.
    marks = re.findall(r'footnote-ref"[^>]*>(\d+)<', page.split('<div class="footnote')[0])
    assert marks == ["1", "2", "3", "4", "5"]
    first = page.index("A paragraph cites")
    group = page.rindex('<div class="mg-annotated">', 0, first)
    notes = page.index('<div class="mg-notes">', first)
    assert group < first < notes
    beside = page[notes : page.index("Another paragraph")]
    # The citation notes join the margin note of their paragraph, in one column.
    assert 'id="cnote-1"' in beside and 'id="cnote-2"' in beside and 'id="note-market"' in beside
    assert "Ibid., 4." in beside
    # The second paragraph had no margin note: it gets a group of its own.
    second = page.index("Another paragraph")
    assert page.rindex('<div class="mg-annotated">', 0, second) > notes
    # In the footnotes, every note at its number, the page's own among them.
    footnotes = page[page.rindex('<div class="footnote') :]
    values = re.findall(r'<li\b[^>]*\bvalue="(\d+)"', footnotes)
    assert values == ["1", "2", "3", "4", "5"]
    assert "A plain footnote." in footnotes and "An inline note" in footnotes
    # Positions restart on each page: the other page's first citation is in full.
    other = site.html("other/")
    assert "John Smith, " in other[other.index('id="cnote-1"') :]


def _run(tmp_path: Path, raw: str, bibtex: str) -> NoteRun:
    path = bundled_styles_dir() / f"{STYLE}.csl"
    style = CitationStyle(STYLE, path, path.read_text("utf-8"))
    pages = [
        PageNotes((NoteUnit(((0, False, False),)),), {0: raw}, ("smith2013a",)),
        PageNotes((NoteUnit(((1, False, False),)),), {1: "[@vanderberg2015]"}, ("vanderberg2015",)),
    ]
    hashes = {"smith2013a": str(hash(bibtex)), "vanderberg2015": "v"}
    return NoteRun(pages, lambda keys: bibtex, style, None, hashes, tmp_path)


def test_each_page_is_kept_by_content_and_a_change_is_noticed(tmp_path):
    bibtex = (CORPUS / "corpus.bib").read_text(encoding="utf-8")
    first = _run(tmp_path, "[@smith2013a, p. 3]", bibtex)
    assert first.ran and first.result()[0].note.endswith("2013.000001</a>.")
    again = _run(tmp_path, "[@smith2013a, p. 3]", bibtex)
    assert not again.ran and again.result() == first.result()
    changed = _run(tmp_path, "[@smith2013a, p. 9]", bibtex)
    assert changed.ran and [p for p, _ in changed.todo] == [changed.pages[0]]
    assert "(2013): 9, " in changed.result()[0].note
    assert changed.result()[1] == first.result()[1]
    # The entry's text changed (its hash): that page only is formatted again.
    edited = bibtex.replace("Peer support in acute wards", "Peer support on acute wards")
    rerun = _run(tmp_path, "[@smith2013a, p. 9]", edited)
    assert [p for p, _ in rerun.todo] == [rerun.pages[0]]
    assert "on Acute Wards" in rerun.result()[0].note


def test_pandoc_failing_on_the_notes_is_one_fault_and_the_citations_stay_as_written(
    build_site, tmp_path, monkeypatch
):
    broken = tmp_path / "broken.lua"
    broken.write_text('error("the filter broke")\n', encoding="utf-8")
    monkeypatch.setattr("marginalia.notes.styled._FILTER", broken)
    site = _site(build_site, {"docs/index.md": ESSAY})
    faults = site.messages_with("citations.pandoc")
    assert len(faults) == 1 and "the filter broke" in faults[0]
    assert "[@smith2013a, p. 3]" in site.html("")


def test_the_pages_are_shared_out_by_their_citations_not_by_their_count():
    from marginalia.notes.styled import _shares

    def page(n: int) -> PageNotes:
        units = tuple(NoteUnit(((i, False, False),)) for i in range(n))
        return PageNotes(units, {i: "[@k]" for i in range(n)}, ("k",))

    # A quarter of the pages hold most citations, as the essays of a site do.
    pages = [page(20) for _ in range(25)] + [page(2) for _ in range(75)]
    shares = _shares(pages, 2)
    assert [p for share in shares for p in share] == pages  # every page once, in order
    work = [sum(1 + len(p.order) for p in share) for share in shares]
    assert max(work) / min(work) < 1.1
    assert len(_shares(pages[:1], 2)) == 1  # no empty share
