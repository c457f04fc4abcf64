"""The PDF: its text (read back with pypdf) has the title page's citation, the notes and
the references; the same essay gives the same bytes; a character the font lacks is refused."""

from __future__ import annotations

import dataclasses
import io

import pypdf
import pytest

from marginalia.downloads.essay import Block, Run
from marginalia.downloads.extract import essay_from_html
from marginalia.downloads.pdf import MissingGlyphs, pdf_bytes
from tests.downloads.page_fixture import PAGE


@pytest.fixture
def essay():
    return essay_from_html(PAGE, url="https://example.org/essays/x/", site_name="Fixture")


def _pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_pdf_has_the_citation_first_then_the_text_notes_and_references(essay):
    pages = _pages(pdf_bytes(essay))
    assert "Reading <X>" in pages[0]
    assert "Cite this page (APA Style 7th edition)" in pages[0]
    assert "Reading X. (n.d.). Fixture." in pages[0]
    rest = " ".join(pages[1:])
    assert "The opening paragraph." in rest
    notes = rest.index("Notes")
    references = rest.index("References")
    assert notes < references
    assert "1. The note's own text, citing (Ostrom, 1996)." in rest[notes:references]
    assert "Ostrom, E. (1996). Crossing the great divide." in rest[references:]
    assert "Slay, J., & Stephens, L. (2013)." in rest[references:]


def test_a_long_essay_runs_onto_more_pages_with_nothing_lost(essay):
    words = " ".join(f"word{i}" for i in range(3000))
    long = dataclasses.replace(essay, blocks=(*essay.blocks, Block("p", (Run(words),))))
    text = " ".join(_pages(pdf_bytes(long)))
    assert len(_pages(pdf_bytes(long))) > 3
    assert "word0 " in text and "word2999" in text and "word1500" in text


def test_the_pdf_is_the_same_bytes_for_the_same_essay(essay):
    assert pdf_bytes(essay) == pdf_bytes(essay)


def test_a_character_the_font_cannot_draw_is_refused(essay):
    odd = dataclasses.replace(essay, title="Reading 語")
    with pytest.raises(MissingGlyphs) as raised:
        pdf_bytes(odd)
    assert raised.value.characters == "語"


def test_an_essay_in_windows_1252_is_set_in_helvetica_and_embeds_no_font(essay):
    data = pdf_bytes(essay)
    assert b"/Helvetica" in data and b"/FontFile2" not in data


def test_an_essay_with_other_characters_vera_draws_is_set_in_vera(essay):
    named = dataclasses.replace(essay, references=(*essay.references, "Łukasz, Č. (2020). A ≤ b."))
    data = pdf_bytes(named)
    assert b"/FontFile2" in data  # Vera, embedded as a subset
    assert "Łukasz, Č. (2020). A ≤ b." in " ".join(_pages(data))
