"""Reading .bib files: every fault, with its file, line and stable code."""

from __future__ import annotations

import textwrap

import pytest

from marginalia.bibliography import Bibliography, parse_bib_text


def faults(text: str, path: str = "bib/refs.bib") -> list[str]:
    parsed = parse_bib_text(textwrap.dedent(text).lstrip("\n"), path)
    return [d.format() for d in Bibliography.from_files([parsed]).diagnostics]


GOOD = """
@article{good,
  author = {Ostrom, Elinor},
  title = {Crossing the great divide},
  journal = {World Development},
  year = {1996}
}
"""


def test_a_good_entry_has_no_faults_and_keeps_its_line_and_raw_text():
    parsed = parse_bib_text(textwrap.dedent(GOOD).lstrip("\n"), "bib/refs.bib")
    assert parsed.diagnostics == ()
    (entry,) = parsed.entries
    assert (entry.key, entry.entry_type, entry.line) == ("good", "article", 1)
    assert entry.raw.startswith("@article{good,") and entry.raw.endswith("}")
    assert entry.value("journal") == "World Development"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "@article{nocomma,\n  author = {A, B}\n  title = {T},\n  journal = {J},\n  year = 2001\n}\n",
            [
                "bib/refs.bib:2: malformed entry 'nocomma': missing comma after the field "
                "'author' — check that every brace is closed and every field ends with a "
                "comma [bib.syntax]"
            ],
            id="missing-comma",
        ),
        pytest.param(
            "@book{unclosed,\n  author = {A, B,\n  title = {T},\n  year = 2001\n}\n\n"
            "@misc{after, title = {After}}\n",
            [
                "bib/refs.bib:1: malformed entry '@book{unclosed': unclosed brace or missing "
                "comma — check that every brace is closed and every field ends with a comma "
                "[bib.syntax]"
            ],
            id="unclosed-brace",
        ),
        pytest.param(
            "@misc{twice, title = {A}}\n@misc{twice, title = {B}}\n",
            [
                "bib/refs.bib:2: duplicate key 'twice' (first defined at bib/refs.bib:1) — "
                "give one of the two entries another key, or delete the copy [bib.duplicate-key]"
            ],
            id="duplicate-key",
        ),
        pytest.param(
            "@article{nojournal,\n  author = {A, B},\n  title = {T},\n  year = 2001\n}\n",
            [
                "bib/refs.bib:1: @article 'nojournal' has no journal or journaltitle — add the "
                "journal or journaltitle field (a reference without it cannot be formatted) "
                "[bib.missing-field]"
            ],
            id="missing-field",
        ),
        pytest.param(
            "@misc{bad, title = {T}, url = {javascript:alert(1)}}\n",
            [
                "bib/refs.bib:1: entry 'bad' has a URL that is not http, https or mailto: "
                "'javascript:alert(1)' — use an http(s) address; this one is shown as text, "
                "never as a link [bib.unsafe-url]"
            ],
            id="unsafe-url",
        ),
        pytest.param(
            "@misc{bad2, title = {T}, howpublished = {\\url{ data:text/html,x}}}\n",
            [
                "bib/refs.bib:1: entry 'bad2' has a URL that is not http, https or mailto: "
                "' data:text/html,x' — use an http(s) address; this one is shown as text, "
                "never as a link [bib.unsafe-url]"
            ],
            id="unsafe-url-command",
        ),
        pytest.param(
            "@incollection{child, author = {A, B}, title = {T}, crossref = {nowhere}}\n",
            [
                "bib/refs.bib:1: entry 'child' inherits from 'nowhere', which no .bib file "
                "defines — add the parent entry or remove the crossref field "
                "[bib.missing-crossref]",
                "bib/refs.bib:1: @incollection 'child' has no booktitle — add the booktitle "
                "field (a reference without it cannot be formatted) [bib.missing-field]",
                "bib/refs.bib:1: @incollection 'child' has no year or date — add the year or "
                "date field (a reference without it cannot be formatted) [bib.missing-field]",
            ],
            id="missing-crossref",
        ),
    ],
)
def test_bad_input_is_reported_exactly(text, expected):
    assert faults(text) == expected


def test_every_fault_is_reported_not_only_the_first():
    text = "@article{a, title = {T}}\n@misc{b, url = {javascript:x}}\n@misc{a, title = {again}}\n"
    codes = [f.rsplit("[", 1)[1] for f in faults(text)]
    assert codes == [
        "bib.duplicate-key]",
        "bib.missing-field]",
        "bib.missing-field]",
        "bib.missing-field]",
        "bib.unsafe-url]",
    ]


def test_duplicate_keys_across_files_keep_the_first_and_report_the_second():
    first = parse_bib_text(GOOD, "bib/a.bib")
    second = parse_bib_text("@misc{good, title = {Other}}\n", "bib/b.bib")
    bib = Bibliography.from_files([first, second])
    assert bib.entries["good"].path == "bib/a.bib"
    assert [d.format() for d in bib.diagnostics] == [
        "bib/b.bib:1: duplicate key 'good' (first defined at bib/a.bib:2) — give one of the "
        "two entries another key, or delete the copy [bib.duplicate-key]"
    ]


def test_crossref_parent_fills_required_fields_and_joins_the_subset():
    text = (
        "@string{pub = {A Press}}\n"
        "@incollection{child, author = {A, B}, title = {T}, crossref = {parent}}\n"
        "@book{parent, editor = {C, D}, title = {Book}, booktitle = {Book},"
        " publisher = pub, year = 2000}\n"
        "@misc{other, title = {Unrelated}}\n"
    )
    bib = Bibliography.from_files([parse_bib_text(text, "bib/x.bib")])
    assert bib.diagnostics == []
    subset, starts = bib.subset_bibtex(["child"])
    assert subset.splitlines()[0] == "@string{pub = {A Press}}"
    assert "@incollection{child" in subset and "@book{parent" in subset
    assert "other" not in subset
    assert [(line, e.key) for line, e in starts] == [(2, "child"), (3, "parent")]
