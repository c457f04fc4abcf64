"""Rendering of margin notes by the plain Python-Markdown extension, against golden files.

Each ``golden/<case>.md`` is converted with ``markdown.Markdown`` alone (no MkDocs) and
compared with ``golden/<case>.html``. After an intended change of the HTML, regenerate them
with ``UPDATE_GOLDEN=1 pytest tests/annotations`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest

from marginalia.annotations.extension import AnnotationsExtension

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))
EXTENSIONS = ["attr_list", "toc", "pymdownx.superfences", "pymdownx.blocks.admonition"]


def _convert(text: str) -> tuple[str, AnnotationsExtension]:
    extension = AnnotationsExtension()
    md = markdown.Markdown(extensions=[*EXTENSIONS, extension])
    return md.convert(text), extension


@pytest.mark.parametrize("case", CASES)
def test_golden_html(case):
    html, _ = _convert((GOLDEN / f"{case}.md").read_text("utf-8"))
    expected = GOLDEN / f"{case}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(html + "\n", encoding="utf-8")
    assert html + "\n" == expected.read_text("utf-8")


def test_there_are_golden_cases():
    assert len(CASES) >= 4


def test_the_entry_point_name_works_in_a_plain_markdown_call():
    html = markdown.markdown(
        "A [p]{>a}.\n\n/// annotation | a\nN.\n///\n", extensions=["marginalia.annotations"]
    )
    assert '<aside aria-labelledby="note-a-label" class="mg-note" id="note-a" role="note">' in html


def test_notes_are_numbered_in_page_order_and_targets_take_their_note_number():
    _, ext = _convert(
        "Second [b]{>b} then first [a]{>a}.\n\n"
        "/// annotation | b\nB.\n///\n\n/// annotation | a\nA.\n///\n\n"
        "Again [a once more]{>a}.\n"
    )
    report = ext.report
    assert [(n.number, n.note_id, n.anchor) for n in report.notes] == [
        (1, "b", "note-b"),
        (2, "a", "note-a"),
    ]
    assert [(t.note_id, t.anchor, t.number, t.text) for t in report.targets] == [
        ("b", "passage-b", 1, "b"),
        ("a", "passage-a", 2, "a"),
        ("a", "passage-a-2", 2, "a once more"),
    ]
    assert report.problems == []


def test_state_does_not_leak_from_one_page_to_the_next():
    extension = AnnotationsExtension()
    first = markdown.Markdown(extensions=[extension])
    first.convert("A [p]{>a}.\n\n/// annotation | a\nN.\n///\n")
    second = markdown.Markdown(extensions=[extension])
    html = second.convert("Only [q]{>b}.\n\n/// annotation | b\nM.\n///\n")
    assert [n.note_id for n in extension.report.notes] == ["b"]
    assert "Note 1" in html and "note-a" not in html


def test_markdown_inside_passages_and_notes_is_rendered():
    html, ext = _convert(
        "See [*the* passage with a [link](https://example.org/)]{>a}.\n\n"
        "/// annotation | a\n"
        "A list:\n\n- one\n- two\n\n```python\nprint('[not]{>x}')\n```\n///\n"
    )
    assert (
        '<mark aria-describedby="note-a-body" class="mg-target" id="passage-a" tabindex="0">'
        in html
    )
    assert '<em>the</em> passage with a <a href="https://example.org/">link</a></mark>' in html
    assert "<li>one</li>" in html
    assert "[not]{&gt;x}" in html
    assert ext.report.problems == []


def test_the_report_survives_a_reset_after_conversion():
    extension = AnnotationsExtension()
    md = markdown.Markdown(extensions=[extension])
    md.convert("A [p]{>a}.\n\n/// annotation | a\nN.\n///\n")
    md.reset()
    assert [n.note_id for n in extension.report.notes] == ["a"]
