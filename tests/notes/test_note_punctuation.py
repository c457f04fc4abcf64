"""The note mark after the punctuation that follows a citation, as Pandoc places it: each
case is built in a site and given to ``pandoc --citeproc``, and the text around every mark
compared."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from marginalia.citations.pandoc import pandoc_path
from marginalia.citations.styles import bundled_styles_dir
from marginalia.notes.punctuation import punctuation_before_marks, punctuation_in_quote

CORPUS = Path(__file__).parents[1] / "citations" / "corpus"
STYLE = "chicago-notes-bibliography"

# One paragraph each; every case names its own letter so the two outputs line up.
CASES = [
    "Aa [@smith2013a].",
    "Ab [@smith2013a], more.",
    "Ac [@smith2013a]; more.",
    "Ad [@smith2013a]: more.",
    "Ae [@smith2013a]?",
    "Af @smith2013a [p. 3].",
    "Ag @smith2013a [p. 3] argues.",
    "Ah end [@smith2013a]",
    "Ai text, [@smith2013a] more.",
    "Aj word[@smith2013a].",
    "Ak [@smith2013a]).",
    "Al [@smith2013a]—and more.",
    "Am [@smith2013a]!?",
    "An (see [@smith2013a]).",
    'Ao "quoted" [@smith2013a].',
    'Ap "quoted" [@smith2013a], more.',
    'Aq "quoted" [@smith2013a];',
    "Ar *emph* [@smith2013a].",
    "As [@smith2013a; @vanderberg2015].",
    "At see @vanderberg2015; more.",
    "Au etc. [@smith2013a].",
    "Av [@smith2013a]. [@vanderberg2015].",  # two marks in a row, each after its stop
    "Aw @smith2013a [p. 3], more.",
]


def _marked(text: str) -> str:
    """A paragraph's text with each note mark as ^, quotes made straight."""
    text = re.sub(r"<sup\b[^>]*>.*?</sup>", "^", text, flags=re.DOTALL)
    text = re.sub(r'<a href="#fn\d+"[^>]*>\^</a>', "^", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.translate(str.maketrans("“”‘’", "\"\"''")).split())


def _pandoc(markdown: str) -> dict[str, str]:
    csl = bundled_styles_dir() / f"{STYLE}.csl"
    bib = CORPUS / "corpus.bib"
    args = [pandoc_path(), "--citeproc", f"--csl={csl}", f"--bibliography={bib}"]
    done = subprocess.run(
        [*args, "--from=markdown", "--to=html", "--wrap=none"],
        input=markdown,
        capture_output=True,
        text=True,
        check=True,
    )
    body = done.stdout.split('<section id="footnotes"')[0]
    found = {}
    for paragraph in re.findall(r"<p>(.*?)</p>", body, flags=re.DOTALL):
        text = _marked(paragraph)
        found[text[:2]] = text
    return found


def _ours(build_site) -> dict[str, str]:
    page = "---\ntitle: Cases\n---\n# Cases\n\n" + "\n\n".join(CASES) + "\n"
    site = build_site(
        {
            "docs/index.md": page,
            "docs/bibliography.md": "# Bibliography\n",
            "bib/corpus.bib": (CORPUS / "corpus.bib").read_text(encoding="utf-8"),
        },
        plugin={"citations": {"bibliography": ["bib/corpus.bib"], "style": STYLE}},
        config={"markdown_extensions": ["attr_list", "footnotes", "md_in_html", "toc"]},
    )
    assert site.warnings == []
    text = site.html("")
    text = text[text.index("<h1") : text.rindex('<div class="footnote')]
    text = re.sub(r'<span class="mg-cite__preview".*?</span>', "", text, flags=re.DOTALL)
    text = re.sub(r"<aside\b.*?</aside>", "", text, flags=re.DOTALL)
    found = {}
    for paragraph in re.findall(r"<p>(.*?)</p>", text, flags=re.DOTALL):
        marked = _marked(paragraph)
        found[marked[:2]] = marked
    return found


def test_every_mark_sits_where_pandoc_puts_it(build_site):
    pandoc = _pandoc("\n\n".join(CASES) + "\n")
    ours = _ours(build_site)
    for case in CASES:
        name = case[:2]
        assert ours[name] == pandoc[name], case


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("x <C>.", "x.<C>"),  # the space goes, the full stop comes first
        ("x <C>, y", "x,<C> y"),
        ("x <C>—y", "x<C>—y"),  # an em dash stays after the mark
        ("x <C>", "x<C>"),
        ("x&quot; <C>.", "x.&quot;<C>"),  # inside the quotation, in American English
        ("x, <C> y", "x,<C> y"),
        ("x <C>&amp;y", "x&amp;<C>y"),
    ],
)
def test_the_rules_on_a_page(written, expected):
    cite = (
        '<span class="citation mg-cite mg-cite--note" id="c" data-cites="k">'
        '<sup class="mg-cnote-ref">1</sup></span><!--mg:cnote-end-->'
    )
    shown = '<span class="citation mg-cite mg-cite--note" id="c" data-cites="k">'
    shown += '<sup class="mg-cnote-ref">1</sup></span>'
    page = "<p>" + written.replace("<C>", cite) + "</p>"
    assert punctuation_before_marks(page, True) == "<p>" + expected.replace("<C>", shown) + "</p>"


def test_british_english_keeps_the_stop_outside_the_quotation():
    style = (bundled_styles_dir() / f"{STYLE}.csl").read_text("utf-8")
    assert punctuation_in_quote("en-US", style) and punctuation_in_quote(None, style)
    assert not punctuation_in_quote("en-GB", style)
