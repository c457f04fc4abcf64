"""Every content page declares what it is and cites what it says."""

from __future__ import annotations

import re

import pytest
from tests.content.sources import (
    DOCS,
    SEED_TAGS,
    VOCABULARY,
    all_pages,
    bib_entries,
    cited_keys,
    content_pages,
)

PAGES = content_pages()


def test_there_is_content_in_every_folder():
    folders = {page.path.parent.name for page in PAGES}
    assert folders == {"essays", "projects", "concepts"}
    assert {p.path.stem for p in PAGES if p.path.parent.name == "concepts"} >= SEED_TAGS
    assert SEED_TAGS <= VOCABULARY


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.rel)
def test_content_page_declares_title_summary_and_tags(page):
    assert isinstance(page.meta.get("title"), str) and page.meta["title"].strip()
    summary = page.meta.get("summary")
    assert isinstance(summary, str) and summary.strip(), "summary missing"
    assert "\n" not in summary.strip(), "the summary is one line"
    tags = page.meta.get("tags")
    assert isinstance(tags, list) and tags, "tags missing"
    assert set(tags) <= VOCABULARY, f"unknown tags: {sorted(set(tags) - VOCABULARY)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.rel)
def test_content_page_cites_a_known_source(page):
    known = bib_entries()
    keys = cited_keys(page.body)
    assert any(key in known for key in keys), "cites no source from bib/"


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.rel)
def test_every_cited_key_is_in_the_bibliography(page):
    known = bib_entries()
    assert [key for key in cited_keys(page.body) if key not in known] == []


def test_every_bibliography_entry_is_cited_somewhere():
    cited = {key for page in all_pages() for key in cited_keys(page.body)}
    assert sorted(set(bib_entries()) - cited) == []


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.rel)
def test_margin_notes_and_their_targets_pair_up(page):
    targets = re.findall(r"\]\{>([\w-]+)\}", page.body)
    notes = re.findall(r"^/// annotation \| ([\w-]+)\s*$", page.body, re.MULTILINE)
    assert len(set(notes)) == len(notes), "a note id is used twice"
    assert sorted(targets) == sorted(notes)


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.rel)
def test_passage_and_note_tags_are_in_the_vocabulary(page):
    used = set()
    for value in re.findall(r'data-tags="([^"]*)"', page.body):
        used.update(value.split())
    for value in re.findall(r"^    tags: \[([^\]]*)\]", page.body, re.MULTILINE):
        used.update(t.strip() for t in value.split(",") if t.strip())
    assert sorted(used - VOCABULARY) == []


@pytest.mark.parametrize(
    ("markdown", "keys"),
    [
        ("see [@a; @b, p. 3]", ["a", "b"]),
        ("narrative @slay2013coproduction says", ["slay2013coproduction"]),
        ("[-@x] and [see @y:z.w]", ["x", "y:z.w"]),
        ("mail me@example.org", []),
        ("`[@code]` and\n```\n[@block]\n```\n", []),
    ],
)
def test_cited_keys_reads_pandoc_citations(markdown, keys):
    assert cited_keys(markdown) == keys


@pytest.mark.parametrize("folder", ["essays", "projects", "concepts"])
def test_each_folder_index_links_every_page_in_it(folder):
    index = (DOCS / folder / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([\w.-]+\.md)(?:#[\w-]+)?\)", index))
    pages = {p.path.name for p in PAGES if p.path.parent.name == folder}
    assert sorted(pages - linked) == []
