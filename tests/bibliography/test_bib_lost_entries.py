"""Entries bibtexparser alone would lose: spaced openings, mistyped types, a brace too many,
a lost '@', a file that is not UTF-8. Each is read, or reported once at its line."""

from __future__ import annotations

import json
import subprocess

import pytest

from marginalia.bibliography import Bibliography, parse_bib_text
from marginalia.bibliography.parse import parse_bib_bytes
from marginalia.citations.pandoc import pandoc_path

FIELDS = "  author = {Ostrom, Elinor},\n  title = {T},\n  journal = {J},\n  year = {1996}\n}\n"
AFTER = "\n@misc{after,\n  title = {After}\n}\n"


def _read(text: str) -> tuple[list[str], list[str], list[tuple[str, int]]]:
    parsed = parse_bib_text(text, "bib/a.bib")
    return (
        [e.key for e in parsed.entries],
        [d.format() for d in parsed.diagnostics],
        [(b.key, b.line) for b in parsed.broken],
    )


@pytest.mark.parametrize(
    "opening",
    [
        "@article\n{spaced,\n",
        "@article \n\n{spaced,\n",
        "@ article{spaced,\n",
        "@\tarticle\t{spaced,\n",
        "@ article\n{ spaced,\n",
    ],
)
def test_openings_that_bibtex_reads_are_read(opening):
    text = opening + FIELDS.replace("  journal = {J},\n", "") + AFTER
    keys, faults, broken = _read(text)
    assert keys == ["spaced", "after"]
    # Lines keep their numbers: the missing journal is reported at the entry's first line,
    # and the next entry still starts where it is written.
    assert faults == [
        "bib/a.bib:1: @article 'spaced' has no journal or journaltitle — add the journal or "
        "journaltitle field (a reference without it cannot be formatted) [bib.missing-field]"
    ]
    entries = parse_bib_text(text, "bib/a.bib").entries
    assert entries[0].raw.startswith("@article{")
    assert entries[1].line == text.splitlines().index("@misc{after,") + 1
    assert broken == []


@pytest.mark.parametrize(
    ("text", "fault", "broken"),
    [
        pytest.param(
            "% a comment\n@artic$le{bad,\n" + FIELDS + AFTER,
            "bib/a.bib:2: malformed entry '@artic$le{bad': 'artic$le' is not an entry type, so "
            "it is not read — write the type in letters alone, as in @article{key, [bib.syntax]",
            [("bad", 2)],
            id="mistyped-type",
        ),
        pytest.param(
            "@#book{bad,\n" + FIELDS + AFTER,
            "bib/a.bib:1: malformed entry '@#book{bad': '#book' is not an entry type, so it is "
            "not read — write the type in letters alone, as in @article{key, [bib.syntax]",
            [("bad", 1)],
            id="hash-before-type",
        ),
        pytest.param(
            "@article{bad,\n  author = {Ostrom, Elinor}},\n  title = {T},\n  journal = {J},\n"
            "  year = {1996}\n}\n" + AFTER,
            "bib/a.bib:2: malformed entry 'bad': a closing brace too many ends it on this line, "
            "before the fields that follow — remove the extra '}' (each brace in a value is "
            "closed once) [bib.syntax]",
            [("bad", 1)],
            id="stray-brace",
        ),
        pytest.param(
            "@article{bad, author = {A}}, title = {T}, journal = {J}, year = {1996}}\n" + AFTER,
            "bib/a.bib:1: malformed entry 'bad': a closing brace too many ends it on this line, "
            "before the fields that follow — remove the extra '}' (each brace in a value is "
            "closed once) [bib.syntax]",
            [("bad", 1)],
            id="stray-brace-on-one-line",
        ),
        pytest.param(
            "% a comment\narticle{bad,\n" + FIELDS + AFTER,
            "bib/a.bib:2: malformed entry 'article{bad': it does not open with '@article{', so it "
            "is not read — write the opening as @article{bad, at the start of a line [bib.syntax]",
            [("bad", 2)],
            id="lost-at",
        ),
        pytest.param(
            "@misc{before,\n  title = {T\n}\n\\@article{bad,\n" + FIELDS + AFTER,
            [
                "bib/a.bib:1: malformed entry '@misc{before': unclosed brace or missing comma — "
                "check that every brace is closed and every field ends with a comma [bib.syntax]",
                "bib/a.bib:4: malformed entry 'article{bad': it does not open with '@article{', so "
                "it is not read — write the opening as @article{bad, at the start of a line "
                "[bib.syntax]",
            ],
            [("before", 1), ("bad", 4)],
            id="swallowed-by-a-broken-entry",
        ),
        pytest.param(
            "% a comment\n" + FIELDS + AFTER,
            "bib/a.bib:2: fields outside any entry: the '@type{key,' line that opens them is "
            "missing — start the entry with @type{key, or delete the stray fields [bib.syntax]",
            [],
            id="lost-opening",
        ),
    ],
)
def test_entries_that_would_vanish_are_one_fault_each(text, fault, broken):
    keys, faults, unread = _read(text)
    assert keys == ["after"]
    assert faults == (fault if isinstance(fault, list) else [fault])
    assert unread == broken


def test_comments_between_entries_are_not_faults():
    text = (
        "% Verified BibTeX. Every field was checked = yes.\n"
        "@misc{one, title = {One}}\n"
        "% Surnames: a secondary citation (p. 3); no ISBN was found.\n"
        "Some words, in plain text {with braces}.\n"
        "@misc{two, title = {Two}}}\n"
        "@comment{title = {not an entry}}\n"
    )
    assert _read(text) == (["one", "two"], [], [])


def test_a_file_that_is_not_utf8_is_read_and_reported_at_its_line():
    data = "@misc{a,\n  title = {Ostrom},\n  note = {Ostr\xf6m}}\n@misc{b, title = {\xe9}}\n"
    parsed = parse_bib_bytes(data.encode("latin-1"), "bib/a.bib")
    assert [e.key for e in parsed.entries] == ["a", "b"]
    assert [d.format() for d in parsed.diagnostics] == [
        "bib/a.bib:3: the file is not UTF-8: byte 0xf6 on this line (and on 1 more line) cannot "
        "be read and shows as '\ufffd' — re-save the file as UTF-8 (the editor's 'Save with "
        "encoding', or iconv -f latin1 -t utf-8) [bib.encoding]"
    ]


def test_utf8_with_a_byte_order_mark_is_utf8():
    parsed = parse_bib_bytes(b"\xef\xbb\xbf@misc{a, title = {\xc3\xb6}}\n", "bib/a.bib")
    assert parsed.diagnostics == ()
    assert parsed.entries[0].value("title") == "\xf6"


def _pandoc_keys(bibtex: str) -> list[str]:
    done = subprocess.run(
        [pandoc_path(), "-f", "bibtex", "-t", "csljson"],
        input=bibtex,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(item["id"] for item in json.loads(done.stdout))


def test_pandoc_is_handed_the_entries_that_were_read():
    text = (
        "@string(pub = {Round Press})\n"
        "@article\n{newline,\n"
        + FIELDS
        + "@ article{spaced,\n"
        + FIELDS
        + "@article{plain,\n"
        + FIELDS
        + "@artic$le{mistyped,\n"
        + FIELDS
        + "@book(round,\n  author = {A, B},\n  title = {T},\n  publisher = pub,\n  year = 1\n)\n"
    )
    bib = Bibliography.from_files([parse_bib_text(text, "bib/a.bib")])
    assert sorted(bib.entries) == ["newline", "plain", "round", "spaced"]
    subset, _ = bib.subset_bibtex(list(bib.entries))
    # Pandoc reads neither "@ article{" nor "@book(" as written: it is handed them closed up.
    assert _pandoc_keys(subset) == ["newline", "plain", "round", "spaced"]
    assert _pandoc_keys("@article\n{newline,\n" + FIELDS) == ["newline"]


def test_a_broken_string_is_one_fault_and_not_handed_to_pandoc():
    text = "@string{city = {Round C}ty}}\n@string{pub = {Press}}\n@misc{a, title = {T}}\n"
    bib = Bibliography.from_files([parse_bib_text(text, "bib/a.bib")])
    assert [d.format() for d in bib.diagnostics] == [
        "bib/a.bib:1: malformed @string 'city': its value is not one {...}, \"...\" or word "
        "(joined by #) — check that every brace is closed and every field ends with a comma "
        "[bib.syntax]"
    ]
    subset, _ = bib.subset_bibtex(["a"])
    assert "city" not in subset and _pandoc_keys(subset) == ["a"]
