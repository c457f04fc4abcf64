"""'Cite this page': built from front matter and site settings, nothing invented."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from marginalia.citations.styles import resolve_style
from marginalia.citing import (
    PageCitation,
    PublicationDate,
    citation_key,
    cite_block,
    parse_date,
    render_references,
    scholar_meta_tags,
    to_bibtex,
)
from marginalia.search import indexed_pages

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"re-run with UPDATE_GOLDEN=1 to accept {name}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2013, 11, 5), PublicationDate(2013, 11, 5)),
        (dt.datetime(2013, 11, 5, 10, 30), PublicationDate(2013, 11, 5)),
        (2013, PublicationDate(2013)),
        ("2013", PublicationDate(2013)),
        ("2013-11", PublicationDate(2013, 11)),
        ("2013-11-05", PublicationDate(2013, 11, 5)),
        (" 2013-1-5 ", PublicationDate(2013, 1, 5)),
        ("2013-13", None),
        ("2013-02-30", None),
        ("autumn 2013", None),
        ("13", None),
        (13, None),
        (True, None),
        (None, None),
        (["2013"], None),
    ],
)
def test_front_matter_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("", "home"),
        ("index.html", "home"),
        ("essays/co-production-who/", "essays-co-production-who"),
        ("projects/Up2Us.html", "projects-up2us-html"),
    ],
)
def test_citation_keys_come_from_the_url(url, key):
    assert citation_key(url) == key


FULL = PageCitation(
    key="essays-reading",
    title='Reading "co-production": 50% & {more} <b>_</b>',
    url="https://example.org/kb/essays/reading/",
    site_name="A knowledge base & more",
    author="The Collective",
    date=PublicationDate(2013, 11, 5),
    language="en",
)
BARE = PageCitation(
    key="projects-p", title="Project P", url="https://example.org/kb/projects/p/", site_name="KB"
)


def test_bibtex_escapes_latex_and_names_the_collective_as_one_name():
    assert to_bibtex(FULL) == (
        "@misc{essays-reading,\n"
        "  author       = {{The Collective}},\n"
        '  title        = {{Reading "co-production": 50\\% \\& \\{more\\} <b>\\_</b>}},\n'
        "  howpublished = {A knowledge base \\& more},\n"
        "  year         = {2013},\n"
        "  month        = {11},\n"
        "  date         = {2013-11-05},\n"
        "  url          = {https://example.org/kb/essays/reading/}\n"
        "}"
    )


def test_bibtex_without_author_or_date_says_nothing_about_them():
    text = to_bibtex(BARE)
    assert "author" not in text
    assert "year" not in text
    assert "date" not in text


def test_scholar_tags_give_author_and_date_only_when_known():
    full = scholar_meta_tags(FULL)
    assert '<meta name="citation_author" content="The Collective">' in full
    assert '<meta name="citation_publication_date" content="2013/11/05">' in full
    assert (
        '<meta name="citation_title" content="Reading &quot;co-production&quot;: '
        '50% &amp; {more} &lt;b&gt;_&lt;/b&gt;">'
    ) in full
    bare = scholar_meta_tags(BARE)
    assert "citation_author" not in bare
    assert "citation_publication_date" not in bare
    assert '<meta name="citation_public_url" content="https://example.org/kb/projects/p/">' in bare


def test_one_pandoc_run_renders_every_page_in_the_style():
    references = render_references([FULL, BARE], resolve_style("apa", Path(".")).path)
    assert set(references) == {"essays-reading", "projects-p"}
    assert references["essays-reading"].startswith("The Collective. (2013, November 5).")
    # Pandoc escapes the title; no markup from front matter reaches the page.
    assert "&lt;b&gt;_&lt;/b&gt;" in references["essays-reading"]
    assert "(n.d.)" in references["projects-p"]


def test_cite_block_golden():
    references = render_references([FULL], resolve_style("apa", Path(".")).path)
    _golden("cite-block.html", cite_block(FULL, references[FULL.key], "APA") + "\n")


ESSAY = """
    ---
    title: A reading & <more>
    summary: What the essay argues.
    date: 2013-11-05
    ---
    # A reading

    Text.
    """


def test_built_pages_get_the_box_and_the_head_tags(build_site):
    site = build_site(
        {
            "docs/index.md": "# Home",
            "docs/essays/reading.md": ESSAY,
            "docs/projects/p.md": "---\ntitle: Project P\nsummary: What P did.\n---\n# Project P\n",
            "docs/concepts/c.md": "---\ntitle: Concept C\nsummary: What C is.\n---\n# Concept C\n",
        },
        plugin={
            "pages": {
                "types_by_folder": {
                    "essays": "critique",
                    "projects": "project",
                    "concepts": "concept",
                }
            },
            "citing": {"author": "The Collective"},
        },
        strict=True,
    )
    assert site.warnings == []
    essay = site.html("essays/reading/")
    head, body = essay.split("</head>", 1)
    assert '<meta name="citation_title" content="A reading &amp; &lt;more&gt;">' in head
    assert '<meta name="citation_author" content="The Collective">' in head
    assert '<meta name="citation_publication_date" content="2013/11/05">' in head
    assert (
        "The Collective. (2013, November 5). <em>A reading &amp; &lt;more&gt;</em>. Fixture. "
        '<a href="https://example.org/essays/reading/">' in body
    )
    assert "@misc{essays-reading," in body
    assert "marginalia:cite-this-page" not in essay
    project = site.html("projects/p/")
    assert "(n.d.). <em>Project P</em>" in project
    assert "citation_publication_date" not in project
    concept = site.html("concepts/c/")
    assert "Cite this page" not in concept
    assert "citation_title" not in concept
    # The box is left out of the search index: it does not flood results.
    index = " ".join(page.content for page in indexed_pages(site.site_dir).values())
    assert "reading &" in index or "A reading" in index
    assert "Cite this page" not in index
    assert "@misc" not in index


def test_without_a_named_collective_no_author_appears(build_site):
    site = build_site(
        {"docs/essays/reading.md": ESSAY},
        plugin={"pages": {"types_by_folder": {"essays": "critique"}}},
    )
    essay = site.html("essays/reading/")
    assert "citation_author" not in essay
    assert "author " not in essay.split("@misc", 1)[1].split("</code>", 1)[0]
    assert "<em>A reading &amp; &lt;more&gt;</em>. (2013, November 5)." in essay


def test_pandoc_runs_once_per_build_not_once_per_page(build_site, monkeypatch):
    import pypandoc

    calls = []
    original = pypandoc.convert_text

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(pypandoc, "convert_text", counting)
    pages = {f"docs/essays/e{n}.md": f"---\ntitle: Essay {n}\n---\n# Essay {n}\n" for n in range(5)}
    site = build_site(pages, plugin={"pages": {"types_by_folder": {"essays": "critique"}}})
    assert len(calls) == 1
    assert "<em>Essay 3</em>. (n.d.)" in site.html("essays/e3/")


def test_a_date_that_is_not_a_date_is_reported_at_its_line(build_site):
    site = build_site(
        {
            "docs/essays/a.md": "---\ntitle: A\nsummary: x\ndate: autumn 2013\n---\n# A\n",
            "docs/essays/b.md": '---\ntitle: B\ndate: "2013-02-30"\n---\n# B\n',
        },
        plugin={"pages": {"types_by_folder": {"essays": "critique"}}},
    )
    assert site.messages_with("citing.bad-date") == [
        "marginalia: docs/essays/a.md:4: date 'autumn 2013' is not a date — write YYYY, "
        "YYYY-MM or YYYY-MM-DD, or leave the date out (cited as n.d.) [citing.bad-date]",
        "marginalia: docs/essays/b.md:3: date '2013-02-30' is not a date — write YYYY, "
        "YYYY-MM or YYYY-MM-DD, or leave the date out (cited as n.d.) [citing.bad-date]",
    ]
    assert "(n.d.)" in site.html("essays/a/")


def test_an_unknown_style_is_a_configuration_error(build_site):
    site = build_site({"docs/index.md": "# Home"}, plugin={"citing": {"style": "no-such-style"}})
    assert site.aborted
    assert len(site.warnings) == 1
    assert site.warnings[0].startswith(
        "marginalia citing.style: no bundled citation style is called 'no-such-style'"
    )


def test_a_style_file_next_to_mkdocs_yml_is_used(build_site):
    style = resolve_style("chicago-author-date", Path(".")).text
    site = build_site(
        {"docs/essays/a.md": "---\ntitle: A\ndate: 2013\n---\n# A\n", "styles/x.csl": style},
        plugin={
            "pages": {"types_by_folder": {"essays": "critique"}},
            "citing": {"style": "styles/x.csl"},
        },
    )
    assert "Chicago Manual of Style" in site.html("essays/a/")


def test_pages_are_cited_in_the_citations_style_and_locale(build_site):
    site = build_site(
        {"docs/essays/a.md": "---\ntitle: A\nsummary: x\ndate: 2013-11-05\n---\n# A\n"},
        plugin={
            "pages": {"types_by_folder": {"essays": "critique"}},
            "citations": {"style": "chicago-author-date", "locale": "de-DE"},
        },
    )
    essay = site.html("essays/a/")
    assert "Chicago Manual of Style" in essay
    assert "<span>„A“</span>" in essay  # German quotation marks: the locale was applied


def test_a_csl_file_that_is_not_xml_is_a_configuration_error(build_site):
    site = build_site(
        {
            "docs/essays/a.md": "---\ntitle: A\nsummary: x\n---\n# A\n",
            "styles/broken.csl": "<style this is not XML",
        },
        plugin={
            "pages": {"types_by_folder": {"essays": "critique"}},
            "citing": {"style": "styles/broken.csl"},
        },
    )
    assert site.aborted
    assert [m for level, m in site.logs if level == "ERROR"] == [
        "marginalia citing.style: styles/broken.csl:1: not valid XML (not well-formed (invalid "
        "token), column 13); fix the file or take a style from the CSL repository"
    ]


# XML and CSL on the face of it, but no <citation>: only Pandoc finds it cannot use it.
_NO_CITATION = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">\n'
    "  <info><title>Broken</title><id>broken</id></info>\n"
    "</style>\n"
)


def test_a_style_pandoc_cannot_read_is_reported_and_bibtex_still_shown(build_site):
    site = build_site(
        {
            "docs/essays/a.md": "---\ntitle: A\nsummary: x\n---\n# A\n",
            "styles/broken.csl": _NO_CITATION,
        },
        plugin={
            "pages": {"types_by_folder": {"essays": "critique"}},
            "citing": {"style": "styles/broken.csl"},
        },
    )
    [message] = site.messages_with("citing.render-failed")
    assert message.startswith(
        "marginalia: mkdocs.yml: Pandoc could not render the pages' citations"
    )
    assert message.endswith(
        "— check the CSL style named in the citing or citations settings [citing.render-failed]"
    )
    essay = site.html("essays/a/")
    assert "marginalia-cite__reference" not in essay
    assert "@misc{essays-a," in essay
