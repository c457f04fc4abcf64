"""Inline notes (``^[...]``) by the plain Python-Markdown extension: golden files, and the
order of the notes checked against Pandoc from the pinned wheel.

After an intended change of the HTML, regenerate the golden files with
``UPDATE_GOLDEN=1 pytest tests/notes`` and review the diff.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path

import markdown
import pytest

from marginalia.citations.pandoc import pandoc_path

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))
EXTENSIONS = ["footnotes", "attr_list", "marginalia.citations", "marginalia.notes"]


def _convert(text: str, extensions: list[str] = EXTENSIONS) -> str:
    return markdown.Markdown(extensions=extensions).convert(text)


def _plain(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", "", fragment)
    return " ".join(html.unescape(text).replace("\u21a9\ufe0e", "").replace("\u21a9", "").split())


def _notes(page_html: str, item: str) -> list[str]:
    """The text of each note, in the order of the list."""
    return [_plain(m.group(1)) for m in re.finditer(item, page_html, re.DOTALL)]


def _marks(page_html: str, ref: str) -> list[str]:
    return re.findall(ref, page_html)


@pytest.mark.parametrize("case", CASES)
def test_golden_html(case):
    page_html = _convert((GOLDEN / f"{case}.md").read_text("utf-8"))
    expected = GOLDEN / f"{case}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(page_html + "\n", encoding="utf-8")
    assert page_html + "\n" == expected.read_text("utf-8")


@pytest.mark.parametrize("case", CASES)
def test_notes_are_numbered_and_ordered_as_pandoc_does(case):
    source = (GOLDEN / f"{case}.md").read_text("utf-8")
    ours = _convert(source)
    theirs = subprocess.run(
        [pandoc_path(), "--from=markdown", "--to=html", "--wrap=none"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    our_notes = _notes(ours, r'<li[^>]*id="fn:[^"]*">(.*?)</li>')
    their_notes = _notes(theirs, r'<li id="fn\d+">(.*?)</li>')
    assert our_notes == their_notes
    # The marks in the text, in the order they stand: the same numbers.
    our_marks = _marks(ours.split('<div class="footnote">')[0], r'class="footnote-ref"[^>]*>(\d+)<')
    their_marks = _marks(theirs.split("<section")[0], r"<sup>(\d+)</sup>")
    assert our_marks == their_marks


def test_code_is_never_a_note():
    page_html = _convert((GOLDEN / "code.md").read_text("utf-8"))
    assert "<code>x = y^[0]</code>" in page_html
    assert '"^[in a block]"' in page_html
    assert "^[in an indented block]" in page_html
    assert "^[not a note]" in page_html
    assert page_html.count('class="footnote-ref"') == 1


def test_the_footnotes_extension_is_added_when_missing():
    page_html = _convert("One^[a note].", ["marginalia.notes"])
    assert 'href="#fn:inline-1"' in page_html
    assert '<li class="mg-inline-note" id="fn:inline-1">' in page_html


def test_each_document_numbers_from_one():
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.convert("A^[x] b^[y].")
    md.reset()
    second = md.convert("C^[z].")
    assert 'id="fnref:inline-1"' in second and "inline-2" not in second


def test_an_id_of_the_page_is_not_taken():
    page_html = _convert("A[^inline-1] b^[inline].\n\n[^inline-1]: own.\n")
    assert 'id="fn:inline-1"' in page_html and 'id="fn:inline-2"' in page_html


def test_a_citation_inside_a_note_is_found_inside_the_note():
    page_html = _convert("Text^[As @key [p. 3] says.].")
    body, notes = page_html.split('<div class="footnote">')
    assert "mg-cite-pending" not in body
    assert 'data-mg-cite="@key [p. 3]"' in notes
