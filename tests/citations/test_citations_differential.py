"""The rendered text equals ``pandoc --citeproc`` run directly on the same input.

The corpus (``corpus/``) has 43 entries of mixed types and 48 citation forms. It is built
through the whole pipeline (Python-Markdown extension, one Pandoc run for the site, HTML
rewriting) and compared, citation by citation and reference by reference, with Pandoc run
on the same Markdown, .bib and CSL file, in two styles.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from marginalia.citations.pandoc import pandoc_path
from marginalia.citations.styles import bundled_styles_dir

CORPUS = Path(__file__).parent / "corpus"
STYLES = ["apa", "chicago-author-date"]


class _Texts(HTMLParser):
    """Text of every citation span, and of every reference entry by key."""

    SKIP_CLASSES = ("mg-cite__preview", "mg-references__more", "mg-bibliography__meta")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, capture target, skipping
        self.citations: list[str] = []
        self.links: list[int] = []  # links to a reference entry, per citation
        self.references: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        target = self.stack[-1][1] if self.stack else None
        skipping = bool(self.stack and self.stack[-1][2])
        if any(c in classes for c in self.SKIP_CLASSES):
            skipping = True
        if target is None and tag == "span" and "citation" in classes:
            self.citations.append("")
            self.links.append(0)
            target = f"c{len(self.citations) - 1}"
        elif target and target.startswith("c") and tag == "a" and not skipping:
            if attrs.get("role") == "doc-biblioref" or "mg-cite__link" in classes:
                self.links[-1] += 1
        elif target is None and tag == "div" and (attrs.get("id") or "").startswith("ref-"):
            target = "r" + attrs["id"][4:]
            self.references[target[1:]] = ""
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.stack.append((tag, target, skipping))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.stack or self.stack[-1][1] is None or self.stack[-1][2]:
            return
        target = self.stack[-1][1]
        if target.startswith("c"):
            self.citations[int(target[1:])] += data
        else:
            self.references[target[1:]] += data


def _texts(html: str) -> tuple[list[str], dict[str, str]]:
    parser = _Texts()
    parser.feed(html)
    norm = lambda text: " ".join(text.split())  # noqa: E731
    return [norm(c) for c in parser.citations], {k: norm(v) for k, v in parser.references.items()}


def _links(html: str) -> list[int]:
    """How many of each citation's works link to their reference entry."""
    parser = _Texts()
    parser.feed(html)
    return parser.links


def _pandoc_direct(style: str) -> str:
    done = subprocess.run(
        [
            pandoc_path(),
            "--from=markdown",
            "--to=html",
            "--wrap=none",
            "--citeproc",
            "--metadata=link-citations:true",
            f"--bibliography={CORPUS / 'corpus.bib'}",
            f"--csl={bundled_styles_dir() / (style + '.csl')}",
            str(CORPUS / "corpus.md"),
        ],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


@pytest.mark.parametrize(
    ("style", "batch_size", "workers"),
    [
        *[(style, 0, 1) for style in STYLES],  # Pandoc's own --citeproc, in one run
        *[(style, 4, 1) for style in STYLES],  # many tiny batches (partition.lua)
        *[(style, 4, 3) for style in STYLES],  # shared out among three processes
        # A style that tells given names apart across all names, not the first only.
        ("ucl-university-college-harvard", 4, 2),
    ],
)
def test_citations_and_reference_lists_read_as_pandoc_writes_them(
    build_site, monkeypatch, style, batch_size, workers
):
    # Three processes on any machine (a setting above its cores is refused): the text
    # must not depend on how the batches are shared out.
    monkeypatch.setattr("marginalia.mkdocs.config.available_cores", lambda: max(workers, 4))
    site = build_site(
        {
            "docs/index.md": (CORPUS / "corpus.md").read_text(encoding="utf-8"),
            "docs/bibliography.md": "# Bibliography\n",
            "bib/corpus.bib": (CORPUS / "corpus.bib").read_text(encoding="utf-8"),
        },
        plugin={
            "citations": {
                "bibliography": ["bib/corpus.bib"],
                "style": style,
                "batch_size": batch_size,
                "workers": workers,
            }
        },
    )
    assert site.warnings == []
    direct_citations, direct_references = _texts(_pandoc_direct(style))
    assert len(direct_citations) >= 48 and len(direct_references) == 43

    page = site.html("")
    citations, _ = _texts(page)
    assert citations == direct_citations
    # Every work Pandoc links to its entry is linked (and previewed) on the page too.
    assert _links(page) == _links(_pandoc_direct(style))

    _, page_references = _texts(page[page.index('<section class="mg-references"') :])
    assert list(page_references) == list(direct_references)  # same works, same order
    assert page_references == direct_references

    _, bibliography = _texts(site.html("bibliography/"))
    assert bibliography == direct_references


def test_the_corpus_exercises_what_it_claims():
    bib = (CORPUS / "corpus.bib").read_text(encoding="utf-8")
    types = set(re.findall(r"^@(\w+)\{", bib, flags=re.M)) - {"string"}
    assert {"article", "book", "incollection", "techreport", "misc", "phdthesis"} <= types
    assert len(re.findall(r"^@(?!string)\w+\{", bib, flags=re.M)) >= 40
    for marker in ("{{", "van der", "von ", '{\\"u}', "---", "\\&", "urldate", "{Recovery}"):
        assert marker in bib, marker
    page = (CORPUS / "corpus.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^Form \d+:", page, flags=re.M)) >= 40


def _shuffled_bib(seed: int) -> str:
    """The corpus with its entries in another order (@string macros first)."""
    import random

    text = (CORPUS / "corpus.bib").read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=@)", text)
    strings = [b for b in blocks if b.lower().startswith("@string")]
    entries = [b for b in blocks if b.startswith("@") and not b.lower().startswith("@string")]
    random.Random(seed).shuffle(entries)
    return "\n".join(strings + entries) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_agree_with_pandoc_whatever_the_order_of_the_bib_file(build_site, seed):
    # Works that can be confused (same surname: 2013a/2013b, "J. Smith" / "A. Smith") must
    # be formatted in one batch even when the file puts them far apart and no cluster cites
    # them together: batches of one work in a shuffled file would split them otherwise, and
    # every cluster citing two works goes to an extra batch of copies.
    bib = _shuffled_bib(seed)
    site = build_site(
        {
            "docs/index.md": (CORPUS / "corpus.md").read_text(encoding="utf-8"),
            "docs/bibliography.md": "# Bibliography\n",
            "bib/corpus.bib": bib,
        },
        plugin={"citations": {"bibliography": ["bib/corpus.bib"], "style": "apa", "batch_size": 1}},
    )
    assert site.warnings == []
    direct_citations, direct_references = _texts(_pandoc_direct("apa"))
    citations, _ = _texts(site.html(""))
    assert citations == direct_citations
    assert _links(site.html("")) == _links(_pandoc_direct("apa"))
    _, bibliography = _texts(site.html("bibliography/"))
    assert bibliography == direct_references


_ORGANISATIONS_BIB = r"""
@report{mind2013a, author = {{Mind}}, title = {Building a movement}, year = {2013}, institution = {Mind}}
@report{mind2013b, author = {{Mind}}, title = {Another report}, year = {2013}, institution = {Mind}}
@report{mind2010, author = {{Mind}}, title = {An older report}, year = {2010}, institution = {Mind}}
@book{smith2013j, author = {Smith, John}, title = {One book}, year = {2013}, publisher = {P}}
@book{smith2013a, author = {Smith, Anna}, title = {Another book}, year = {2013}, publisher = {P}}
@book{smith2010, author = {Smith, John}, title = {An early book}, year = {2010}, publisher = {P}}
@incollection{jones2012, author = {Jones, Kay}, editor = {Smith, Anna}, title = {A chapter},
  booktitle = {A collection}, year = {2012}, publisher = {P}, pages = {1--9}}
@book{mindjones, editor = {{Mind} and Jones, Kay}, title = {Edited by an organisation},
  year = {2013}, publisher = {P}}
"""

_ORGANISATIONS_MD = """# Organisations and namesakes

A [@mind2013a; @jones2012]. B [@mind2010; @smith2013j]. C [@mind2013b].
D @smith2013a. E [@jones2012; @mind2013b; @smith2010]. F [@mind2013a; @smith2013a].
G [@mindjones; @mind2013a]. H [-@mind2010; @jones2012, p. 3].
"""


@pytest.mark.parametrize("style", STYLES)
def test_extra_batches_copy_what_can_be_confused_and_no_more(build_site, tmp_path, style):
    # Batches of one work: every cluster citing two works is formatted from copies. An
    # organisation's works are copied for the cited year only (2013a/2013b must still
    # come out), a person's for every year ("J. Smith" / "A. Smith"); an editor who is
    # not cited first ties nothing together.
    site = build_site(
        {
            "docs/index.md": _ORGANISATIONS_MD,
            "docs/bibliography.md": "# Bibliography\n",
            "bib/orgs.bib": _ORGANISATIONS_BIB,
        },
        plugin={"citations": {"bibliography": ["bib/orgs.bib"], "style": style, "batch_size": 1}},
    )
    assert site.warnings == []
    (tmp_path / "orgs.bib").write_text(_ORGANISATIONS_BIB, encoding="utf-8")
    direct = subprocess.run(
        [
            pandoc_path(),
            "--from=markdown",
            "--to=html",
            "--citeproc",
            "--metadata=link-citations:true",
            f"--bibliography={tmp_path / 'orgs.bib'}",
            f"--csl={bundled_styles_dir() / (style + '.csl')}",
        ],
        input=_ORGANISATIONS_MD.encode(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    direct_citations, direct_references = _texts(direct)
    assert any("2013a" in c for c in direct_citations)
    page = site.html("")
    citations, _ = _texts(page)
    assert citations == direct_citations
    assert _links(page) == _links(direct)
    _, bibliography = _texts(site.html("bibliography/"))
    assert bibliography == direct_references
