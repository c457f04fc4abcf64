"""The essay read from a built page, and its EPUB: the structure EPUB 3 requires (checked
file by file, as no EPUB checker is available from the registry), notes linked both ways,
references at the end, "Cite this page" on the title page, the same bytes every time."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import lxml.etree as ET
import pytest

from marginalia.downloads.epub import epub_bytes
from marginalia.downloads.essay import Run
from marginalia.downloads.extract import NotAnEssay, essay_from_html
from tests.downloads.page_fixture import PAGE

WHEN = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)
OPF = "{http://www.idpf.org/2007/opf}"


@pytest.fixture
def essay():
    return essay_from_html(PAGE, url="https://example.org/essays/x/", site_name="Fixture")


def test_the_essay_holds_the_text_notes_references_and_citation(essay):
    assert essay.title == "Reading <X>"
    assert [b.kind for b in essay.blocks] == ["p", "h2", "p", "quote", "item", "item"]
    runs = essay.blocks[2].runs
    assert Run("1", "note") in runs
    assert Run("emphasis", "i") in runs and Run("weight", "b") in runs
    text = essay.blocks[2].text
    assert "“short words”" in text
    assert "PREVIEW TEXT" not in text  # a citation's preview repeats the reference
    assert [n.number for n in essay.notes] == [1]
    assert essay.notes[0].blocks[0].text == "The note's own text, citing (Ostrom, 1996)."
    assert essay.references == (
        "Ostrom, E. (1996). Crossing the great divide.",
        "Slay, J., & Stephens, L. (2013). Co-production in mental health.",
    )
    assert essay.cite_style == "APA Style 7th edition"
    assert essay.cite_text.startswith("Reading X. (n.d.). Fixture.")
    everything = essay.all_text()
    assert "RELATED PAGE" not in everything and "Edit" not in everything


def test_a_page_without_an_article_is_refused():
    with pytest.raises(NotAnEssay):
        essay_from_html("<html><body><p>x</p></body></html>", url="u", site_name="s")


def test_the_epub_has_the_structure_epub_3_requires(essay):
    data = epub_bytes(essay, WHEN)
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    assert data[30:38] == b"mimetype"  # right after the first local header, as readers look
    container = ET.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//{*}rootfile").get("full-path")
    package = ET.fromstring(archive.read(rootfile))
    assert package.get("version") == "3.0"
    uid = package.get("unique-identifier")
    assert package.find(f".//*[@id='{uid}']").text == "https://example.org/essays/x/"
    assert package.find(".//{*}meta[@property='dcterms:modified']").text == "2026-03-04T05:06:07Z"
    items = {i.get("id"): i for i in package.iter(f"{OPF}item")}
    assert [i.get("id") for i in items.values() if i.get("properties") == "nav"] == ["nav"]
    for item in items.values():
        name = "OEBPS/" + item.get("href")
        assert name in archive.namelist()
        if item.get("media-type") == "application/xhtml+xml":
            ET.fromstring(archive.read(name))  # every document is well-formed XML
    spine = [r.get("idref") for r in package.iter(f"{OPF}itemref")]
    assert spine == ["title", "text", "notes", "references"]
    assert all(idref in items for idref in spine)


def test_the_epub_has_the_notes_linked_both_ways_and_the_references_at_the_end(essay):
    archive = zipfile.ZipFile(io.BytesIO(epub_bytes(essay, WHEN)))
    text = archive.read("OEBPS/text.xhtml").decode()
    notes = archive.read("OEBPS/notes.xhtml").decode()
    title = archive.read("OEBPS/title.xhtml").decode()
    references = archive.read("OEBPS/references.xhtml").decode()
    assert 'href="notes.xhtml#note-1"' in text and 'id="noteref-1"' in text
    assert 'id="note-1"' in notes and 'href="text.xhtml#noteref-1"' in notes
    assert "The note's own text" in notes
    assert "Crossing the great divide" in references
    assert "Cite this page (APA Style 7th edition)" in title
    assert "Reading &lt;X&gt;" in title  # escaped


def test_the_epub_is_the_same_bytes_for_the_same_essay_and_date(essay):
    assert epub_bytes(essay, WHEN) == epub_bytes(essay, WHEN)
    assert epub_bytes(essay, WHEN) != epub_bytes(essay, WHEN + dt.timedelta(days=1))


def test_a_footnote_keeps_its_text_and_loses_its_way_back():
    # A note style's citations are footnotes: their "↩" leads back in the page only, and
    # no PDF font of the downloads can draw it.
    page = (
        '<html lang="en"><head><title>T</title></head><body><article class="md-content__inner">'
        '<h1>T</h1><p>Text.<sup id="fnref:1"><a href="#fn:1">1</a></sup></p>'
        '<div class="footnote"><ol><li id="fn:1"><p>A note.&#160;'
        '<a class="footnote-backref" href="#fnref:1">↩</a></p></li></ol></div>'
        "</article></body></html>"
    )
    essay = essay_from_html(page, url="u", site_name="s")
    text = " ".join(block.text for block in essay.blocks)
    assert "A note." in text
    assert "↩" not in essay.all_text()
