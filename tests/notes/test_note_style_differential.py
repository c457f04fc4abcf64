"""In a note style, every note on the page reads as ``pandoc --citeproc`` writes it.

The corpus of the citations' differential test (43 entries, 48 forms) with a section of
forms that only notes have: repeated works (short forms, "Ibid."), inline notes holding
citations, a footnote holding citations, an inline note without one. It is built through
the whole pipeline and each note (a citation turned into a note, an inline note, a
footnote) is compared, in order, with the notes Pandoc writes for the same Markdown, .bib
and CSL file.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from marginalia.citations.pandoc import pandoc_path
from marginalia.citations.styles import bundled_styles_dir

CORPUS = Path(__file__).parents[1] / "citations" / "corpus"
NOTES = Path(__file__).with_name("notes-corpus.md")
STYLES = ["chicago-notes-bibliography", "chicago-notes-bibliography-subsequent-ibid"]


def _page() -> str:
    return (CORPUS / "corpus.md").read_text("utf-8") + NOTES.read_text("utf-8")


def _plain(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", "", fragment)
    text = html.unescape(text).replace("\u21a9\ufe0e", "").replace("\u21a9", "")
    return " ".join(text.split())


def _pandoc(style: str, source: str) -> str:
    done = subprocess.run(
        [
            pandoc_path(),
            "--from=markdown",
            "--to=html",
            "--wrap=none",
            "--citeproc",
            f"--bibliography={CORPUS / 'corpus.bib'}",
            f"--csl={bundled_styles_dir() / (style + '.csl')}",
        ],
        input=source.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    return done


def _pandoc_notes(style: str, source: str) -> list[str]:
    done = _pandoc(style, source)
    notes = done[done.index('<section id="footnotes"') :]
    return [_plain(m) for m in re.findall(r'<li id="fn\d+">(.*?)</li>', notes, re.DOTALL)]


def _our_notes(page_html: str) -> list[str]:
    notes = page_html[page_html.rindex('<div class="footnote') :]
    items = re.findall(r'<li\b[^>]*\bvalue="(\d+)"[^>]*>(.*?)</li>', notes, re.DOTALL)
    assert [int(n) for n, _ in items] == list(range(1, len(items) + 1))
    return [_plain(body) for _, body in items]


@pytest.mark.parametrize("style", STYLES)
def test_every_note_reads_as_pandoc_writes_it(build_site, style):
    site = build_site(
        {
            "docs/index.md": _page(),
            "docs/bibliography.md": "# Bibliography\n",
            "bib/corpus.bib": (CORPUS / "corpus.bib").read_text(encoding="utf-8"),
        },
        plugin={"citations": {"bibliography": ["bib/corpus.bib"], "style": style}},
    )
    assert site.warnings == []
    theirs = _pandoc_notes(style, _page())
    assert len(theirs) >= 55
    ours = _our_notes(site.html(""))
    assert ours == theirs
    # The page's list and the Bibliography: the style's entries, in the style's order.
    direct = _references(_pandoc(style, _page()))
    assert len(direct) == 43
    page = site.html("")
    assert _references(page[page.index('<section class="mg-references"') :]) == direct
    assert _references(site.html("bibliography/")) == direct


def _references(page_html: str) -> list[tuple[str, str]]:
    found = re.findall(
        r'<div id="ref-([^"]+)" class="csl-entry"[^>]*>(.*?)(?:<a class="mg-references__more"'
        r'|<div class="mg-bibliography__meta"|</div>)',
        page_html,
        re.DOTALL,
    )
    return [(key, _plain(text)) for key, text in found]


def test_the_notes_corpus_has_what_it_claims():
    text = NOTES.read_text("utf-8")
    assert text.count("^[") >= 3 and "[^cited]" in text
    assert len(re.findall(r"^Form \d+:", _page(), flags=re.M)) >= 55


def _chunks(count: int) -> list[str]:
    """The corpus's forms shared out among ``count`` pages, in turn."""
    body = _page().split("# Corpus", 1)[1]
    forms = [f for f in body.split("\n\n") if f.strip().startswith("Form")]
    footnote = next(f for f in body.split("\n\n") if f.startswith("[^cited]"))
    pages = ["" for _ in range(count)]
    for number, form in enumerate(forms):
        pages[number % count] += form.strip() + "\n\n"
    return [text + (footnote if "[^cited]" in text else "") for text in pages]


@pytest.mark.parametrize("processes", [1, 3])
def test_pages_formatted_together_read_as_each_page_alone(build_site, monkeypatch, processes):
    # Pages whose works share no name go through one citeproc call; each page's notes
    # must still be what Pandoc writes for that page alone (positions restart, no
    # disambiguation across pages). Six pages of the corpus: some share names, some not;
    # in one Pandoc process, and shared out among three.
    monkeypatch.setattr("marginalia.notes.styled._PAGES_PER_PROCESS", 1)
    monkeypatch.setattr("marginalia.mkdocs.config.available_cores", lambda: 4)
    style = STYLES[1]
    chunks = _chunks(6)
    files = {f"docs/p{n}/index.md": f"---\ntitle: P{n}\n---\n\n{c}" for n, c in enumerate(chunks)}
    site = build_site(
        {
            "docs/index.md": "---\ntitle: Home\n---\n\n# Home\n",
            **files,
            "docs/bibliography.md": "# Bibliography\n",
            "bib/corpus.bib": (CORPUS / "corpus.bib").read_text(encoding="utf-8"),
        },
        plugin={
            "citations": {"bibliography": ["bib/corpus.bib"], "style": style, "workers": processes}
        },
    )
    assert site.warnings == []
    for n, chunk in enumerate(chunks):
        assert _our_notes(site.html(f"p{n}/")) == _pandoc_notes(style, chunk), n
