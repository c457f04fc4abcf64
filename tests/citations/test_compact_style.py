"""``compact_csl``: the style Pandoc reads on every citeproc call, without what costs
reading time and means nothing (comments, indentation)."""

from __future__ import annotations

import subprocess
from xml.etree import ElementTree

from marginalia.citations.pandoc import pandoc_path
from marginalia.citations.styles import bundled_styles_dir, compact_csl

_TERMS = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <!-- a comment, and one <with> markup -->
  <locale>
    <terms>
      <term name="and"> </term>
      <term name="page-range-delimiter">–</term>
      <term name="editor" form="short">
        <single>ed.</single>
      </term>
    </terms>
  </locale>
</style>
"""


def _terms(text: str) -> list[tuple[str | None, str]]:
    root = ElementTree.fromstring(text)
    return [(t.get("name"), "".join(t.itertext())) for t in root.iter() if t.tag.endswith("term")]


def test_comments_and_indentation_go_and_every_term_keeps_its_text():
    compact = compact_csl(_TERMS)
    assert "<!--" not in compact and "\n" not in compact.strip()
    kept = dict(_terms(compact))
    assert kept["and"] == " "  # a term that is a space stays a space
    assert kept["page-range-delimiter"] == "–"
    assert kept["editor"] == "ed."


def test_the_compact_chicago_notes_style_formats_as_the_original(tmp_path):
    original = (bundled_styles_dir() / "chicago-notes-bibliography.csl").read_text("utf-8")
    compact = compact_csl(original)
    assert len(compact) < 0.7 * len(original)
    (tmp_path / "compact.csl").write_text(compact, "utf-8")
    (tmp_path / "refs.bib").write_text(
        "@book{smith2013,author={Smith, John and Doe, Jane and Roe, Richard},"
        "title={A Book: With a Subtitle},publisher={Press},address={London},year={2013},"
        "editor={Green, Ann}}\n"
        "@article{lee2020,author={Lee, Kim},title={An Article},journal={A Journal},"
        "volume={3},number={2},pages={10--20},year={2020},doi={10.1000/x}}\n",
        "utf-8",
    )
    text = "One [@smith2013, p. 3]. Two [@lee2020]. Again [@smith2013, 4-5]. [@lee2020]\n"
    outputs = []
    for csl in (bundled_styles_dir() / "chicago-notes-bibliography.csl", tmp_path / "compact.csl"):
        done = subprocess.run(
            [pandoc_path(), "--citeproc", f"--csl={csl}", "--bibliography=refs.bib", "-t", "html"],
            input=text,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert "John Smith et al., <em>A Book" in outputs[0]  # the first note, in full
