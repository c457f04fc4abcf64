"""Citations in tiny MkDocs sites: rendering, reference lists, diagnostics, search."""

from __future__ import annotations

import json

import pytest

from marginalia.search import indexed_pages

BIB = """
@book{cahn2000,
  author    = {Cahn, Edgar S.},
  title     = {No More Throw-Away People},
  publisher = {Essential Books},
  year      = {2000}
}

@article{ostrom1996,
  author  = {Ostrom, Elinor},
  title   = {Crossing the great divide},
  journal = {World Development},
  volume  = {24},
  pages   = {1073--1087},
  year    = {1996},
  doi     = {10.1016/0305-750X(96)00023-X}
}

@misc{hostile,
  author = {<script>alert("x")</script> Person},
  title  = {A <b>bold</b> & "quoted" title},
  year   = {2020},
  url    = {javascript:alert(1)}
}

@misc{unused,
  title = {Nobody cites this},
  year  = {2001}
}
"""

PLUGIN = {"citations": {"bibliography": ["bib/refs.bib"], "style": "apa"}}

PAGE = """\
# Essay

Intro [@cahn2000, p. 3] and @ostrom1996 [p. 1075].

## Later

Again [see @cahn2000; -@ostrom1996, chap. 2].
"""


def _errors(site) -> list[str]:
    return [
        w.removeprefix("marginalia: ") for w in site.warnings if "[citations." in w or "[bib." in w
    ]


@pytest.fixture
def essay_site(build_site):
    return build_site(
        {
            "docs/index.md": PAGE,
            "docs/bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n",
            "bib/refs.bib": BIB,
        },
        plugin=PLUGIN,
    )


def test_in_text_citations_link_to_the_page_references_with_a_preview(essay_site):
    html = essay_site.html("")
    assert (
        '<span class="citation mg-cite" id="cite-cahn2000" data-cites="cahn2000">('
        '<span class="mg-cite__item"><a class="mg-cite__link" href="#ref-cahn2000" '
        'aria-describedby="cite-cahn2000-p1">Cahn, 2000, p. 3</a>'
        '<span class="mg-cite__preview" role="tooltip" id="cite-cahn2000-p1" '
        "data-search-exclude>Cahn, E. S. (2000). <em>No more throw-away people</em>. "
        "Essential Books.</span></span>)</span>"
    ) in html
    assert 'id="cite-ostrom1996"' in html and ">1996, p. 1075</a>" in html
    assert 'id="cite-cahn2000-2"' in html  # the second citation of a work gets its own id
    assert "(see <span" in html and ">Cahn, 2000</a>" in html and ">1996, Chapter 2</a>" in html


def test_the_page_lists_its_references_at_the_end_out_of_search(essay_site):
    html = essay_site.html("")
    section = html[html.index('<section class="mg-references"') :]
    assert section.startswith(
        '<section class="mg-references" id="mg-references" data-search-exclude>\n'
        "<h2>References</h2>"
    )
    assert section.index('id="ref-cahn2000"') < section.index('id="ref-ostrom1996"')
    assert 'href="bibliography/#ref-cahn2000"' in section
    assert "hostile" not in section and "unused" not in section
    home = indexed_pages(essay_site.site_dir)["/"].content
    assert "(Cahn, 2000, p. 3 )" in home  # Pagefind spaces out the end of an element
    assert "Essential Books" not in home  # neither the previews nor the list are indexed


def test_the_bibliography_page_lists_every_work_with_links_and_cited_in(essay_site):
    html = essay_site.html("bibliography/")
    assert 'href="references.bib" download>Download all 2 works as BibTeX</a>' in html
    assert '<a href="references.bib" download data-mg-bibtex="cahn2000">BibTeX</a>' in html
    assert (
        'Cited in <a href="../#cite-cahn2000">Essay</a> (<a href="../#later">Later</a>)'
    ) in html
    assert '<a href="https://doi.org/10.1016/0305-750X(96)00023-X">DOI</a>' in html
    bibtex = (essay_site.site_dir / "bibliography/references.bib").read_text()
    assert bibtex.startswith("@book{cahn2000,") and "\n@article{ostrom1996," in bibtex
    assert "hostile" not in bibtex and "unused" not in bibtex  # cited works only
    bib_text = indexed_pages(essay_site.site_dir)["/bibliography/"].content
    assert "Cahn, E. S. (2000). No more throw-away people" in bib_text


def test_uncited_entries_are_advisories_and_the_strict_build_passes(build_site):
    site = build_site(
        {"docs/index.md": PAGE, "bib/refs.bib": BIB.split("@misc{hostile")[0]},
        plugin=PLUGIN,
        strict=True,
    )
    assert not site.aborted
    assert _errors(site) == []


def test_unknown_key_names_page_line_and_closest_key(build_site):
    site = build_site(
        {
            "docs/index.md": "---\ntitle: X\n---\n\nFine [@cahn2000].\n\nTypo [@cahn2001, p. 2].\n",
            "bib/refs.bib": BIB,
        },
        plugin=PLUGIN,
    )
    assert _errors(site) == [
        "bib/refs.bib:18: entry 'hostile' has a URL that is not http, https or mailto: "
        "'javascript:alert(1)' — use an http(s) address; this one is shown as text, never as "
        "a link [bib.unsafe-url]",
        "docs/index.md:7: unknown citation key 'cahn2001' — did you mean 'cahn2000'? "
        "[citations.unknown-key]",
    ]
    html = site.html("")
    assert 'class="citation mg-cite mg-cite--unresolved" id="cite-cahn2001"' in html
    assert '<span class="mg-cite__unresolved"><strong>cahn2001?</strong></span>' in html


def test_html_in_bib_fields_is_escaped_and_unsafe_urls_are_not_links(build_site):
    site = build_site(
        {"docs/index.md": "# X\n\nSee [@hostile].\n", "bib/refs.bib": BIB}, plugin=PLUGIN
    )
    html = site.html("")
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "javascript:alert(1)" in html  # shown as text ...
    assert 'href="https://javascript' not in html and 'href="javascript' not in html


def test_nocite_lists_a_work_without_citing_it(build_site):
    site = build_site(
        {"docs/index.md": "---\nnocite: ['@ostrom1996']\n---\n# X\n\nText.\n", "bib/refs.bib": BIB},
        plugin=PLUGIN,
    )
    html = site.html("")
    assert 'id="ref-ostrom1996"' in html and "mg-cite" not in html


def test_references_marker_places_the_list(build_site):
    page = "# X\n\nSee [@cahn2000].\n\n## Sources\n\n<!-- references -->\n\n## After\n\nEnd.\n"
    site = build_site({"docs/index.md": page, "bib/refs.bib": BIB}, plugin=PLUGIN)
    html = site.html("")
    assert html.index('id="sources"') < html.index("mg-references") < html.index('id="after"')
    assert "<h2>References</h2>" not in html  # the author's own heading stands


def test_a_missing_bib_file_is_a_config_error(build_site):
    site = build_site(
        {"docs/index.md": "# X"}, plugin={"citations": {"bibliography": ["bib/none.bib"]}}
    )
    assert site.aborted or any("bib/none.bib" in m for _, m in site.logs)


def test_previews_with_protected_words_stay_out_of_the_search_index(build_site):
    bib = (
        "@incollection{mind2013, author = {{Mind}}, title = {Foreword from {Mind} and {NEF}},\n"
        "  booktitle = {Co-production in mental health}, publisher = {nef}, year = {2013}}\n"
    )
    site = build_site(
        {"docs/index.md": "# X\n\nAs [@mind2013] wrote, and more text.\n", "bib/refs.bib": bib},
        plugin=PLUGIN,
    )
    text = indexed_pages(site.site_dir)["/"].content
    assert "(Mind, 2013 ) wrote, and more text." in text
    assert "Foreword" not in text


def test_with_materials_search_previews_and_lists_are_added_after_it_read_the_page(build_site):
    # A fork may keep Material's own search: what readers see but nobody searches for is
    # put into the page only after that index has read it, and nothing is left behind.
    plugin = {**PLUGIN, "search": {"enabled": False}}
    site = build_site(
        {
            "docs/index.md": PAGE,
            "docs/bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n",
            "bib/refs.bib": BIB,
        },
        plugin=plugin,
        config={"plugins": ["search", {"marginalia": plugin}]},
    )
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if not d["location"].startswith("bib"))
    assert "Cahn, 2000, p. 3" in text  # the in-text citation is searchable
    assert "Essential Books" not in text  # its preview and the page's list are not
    page = site.html("")
    assert 'class="mg-cite__preview"' in page and 'class="mg-references"' in page
    bibliography = site.html("bibliography/")
    assert "Cited in" in bibliography and "Essential Books" in bibliography
    assert "mg-deferred" not in page + bibliography


def test_citations_inside_margin_notes_are_resolved(build_site):
    page = (
        "# Essay\n\nA paragraph about [the passage]{>market} in the essay.\n\n"
        "/// annotation | market\n\nThe note cites [@cahn2000, p. 9].\n///\n"
    )
    site = build_site({"docs/index.md": page, "bib/refs.bib": BIB}, plugin=PLUGIN)
    html = site.html("")
    note = html[html.index('id="note-market"') :]
    assert '<span class="citation mg-cite" id="cite-cahn2000"' in note
    assert ">Cahn, 2000, p. 9</a>" in note
    assert 'id="ref-cahn2000"' in html


def test_the_site_index_gets_citation_uses_and_reference_summaries(build_site, monkeypatch):
    import marginalia.mkdocs.plugin as plugin
    from marginalia.site import CitationUse, ReferenceSummary, SiteIndex

    built: list[SiteIndex] = []

    class Recording(SiteIndex):
        def __init__(self) -> None:
            super().__init__()
            built.append(self)

    monkeypatch.setattr(plugin, "SiteIndex", Recording)
    build_site(
        {"docs/index.md": PAGE, "docs/bibliography.md": "# Bibliography\n", "bib/refs.bib": BIB},
        plugin=PLUGIN,
    )
    site = built[-1]
    assert site.pages["index.md"].citations == [
        CitationUse("cahn2000", "cite-cahn2000"),
        CitationUse("ostrom1996", "cite-ostrom1996"),
        CitationUse("cahn2000", "cite-cahn2000-2", "later", "Later"),
        CitationUse("ostrom1996", "cite-cahn2000-2", "later", "Later"),
    ]
    assert site.references["cahn2000"] == ReferenceSummary(
        "cahn2000",
        "Cahn, E. S. (2000). No more throw-away people. Essential Books.",
        "bibliography/#ref-cahn2000",
    )
    assert set(site.references) == {"cahn2000", "ostrom1996"}


def test_a_citation_in_a_heading_resolves_and_belongs_to_that_section(build_site):
    page = "# Essay\n\n## After @ostrom1996 { #after }\n\nText.\n"
    site = build_site(
        {"docs/index.md": page, "docs/bibliography.md": "# Bibliography\n", "bib/refs.bib": BIB},
        plugin=PLUGIN,
    )
    html = site.html("")
    assert "mg-cite-pending" not in html
    heading = html.split('id="after"', 1)[1].split("</h2>", 1)[0]
    assert 'href="#ref-ostrom1996"' in heading
    assert 'Cited in <a href="../#cite-ostrom1996">Essay</a> (<a href="../#after">' in site.html(
        "bibliography/"
    )


def test_a_citation_in_a_heading_reads_as_formatted_in_the_table_of_contents(build_site):
    page = "# Essay\n\n## After @ostrom1996 { #after }\n\nText.\n\n## Before [-@cahn2000]\n"
    site = build_site(
        {"docs/index.md": page, "docs/bibliography.md": "# Bibliography\n", "bib/refs.bib": BIB},
        plugin=PLUGIN,
    )
    toc = site.html("").split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    assert "After Ostrom (1996)" in " ".join(toc.split())
    assert "Before (2000)" in " ".join(toc.split())
    assert "@" not in toc


@pytest.mark.parametrize("pandoc_still_running", [False, True])
def test_pages_written_while_pandoc_runs_are_completed_after_the_build(
    build_site, tmp_path, monkeypatch, pandoc_still_running
):
    # Pandoc runs while pages are rendered; a page written before it is done is completed
    # after the build, and reads exactly like one written after it.
    from marginalia.citations import pandoc

    files = {
        "docs/index.md": PAGE,
        "docs/other.md": "# Other\n\nSee [@ostrom1996, p. 2].\n",
        "docs/plain.md": "# Plain\n\nNo citation here.\n",
        "docs/bibliography.md": "# Bibliography\n",
        "bib/refs.bib": BIB,
    }
    pandoc._MEMORY.clear()
    expected = build_site(files, plugin=PLUGIN, root=tmp_path / "expected")
    monkeypatch.setattr(pandoc.PendingRender, "running", pandoc_still_running)
    pandoc._MEMORY.clear()
    site = build_site(files, plugin=PLUGIN, root=tmp_path / "late")
    assert site.warnings == expected.warnings
    for path in ("", "other/", "plain/", "bibliography/"):
        html = site.html(path)
        assert html == expected.html(path)
        assert "mg-cite-slot" not in html and "mg-deferred" not in html and "\u27e6" not in html
    assert ">Ostrom, 1996, p. 2</a>" in site.html("other/")
