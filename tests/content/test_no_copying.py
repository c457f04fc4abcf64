"""No page copies the source essay: at most 11 words in a row, and quotations short and cited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.content.sources import REPO, all_pages, bib_entries, fingerprints, words

from fingerprints import RUN, Fingerprints, TextPrint, text_print

MAX_QUOTED_WORDS = 8  # a quotation from a source is a short phrase, not a sentence
CITATION_AFTER = re.compile(r"(?:\]\{>[\w-]+\})?\s*\[[^\]]*@")


def _written_files() -> list[Path]:
    """Everything the site's text comes from: every page and every data file."""
    return [page.path for page in all_pages()] + sorted((REPO / "data").glob("*.yml"))


def _copied(sources: tuple[TextPrint, ...], files: list[Path]) -> list[str]:
    copied = []
    for path in files:
        w = words(path.read_text(encoding="utf-8"))
        for source in sources:
            hits = source.copied_runs(w)
            if hits:
                rel = path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path
                copied.append(
                    f"{rel}: {len(hits)} runs of {RUN} words from {source.name}, first: "
                    + " ".join(w[hits[0] : hits[0] + RUN])
                )
    return copied


def test_the_fingerprint_covers_the_source_texts():
    prints = fingerprints()
    assert prints.texts, "the fingerprint holds no source text"
    for source in prints.texts:
        assert source.word_count > 500
        assert len(source.runs) > 0.9 * (source.word_count - RUN + 1)
        assert len(source.phrases) > 9 * source.word_count


def test_the_fingerprint_holds_no_readable_text():
    text = (REPO / "tests/content/source-fingerprints.json").read_text(encoding="utf-8")
    prints = Fingerprints.from_json(text)
    for source in prints.texts:
        assert all(re.fullmatch(r"[0-9a-f]{16}", d) for d in source.runs | source.phrases)
    for bib in prints.bibs:
        for fields in bib.entries.values():
            assert all(re.fullmatch(r"[0-9a-f]{16}", d) for d in fields.values())


def test_no_page_or_data_file_copies_twelve_words_in_a_row_from_a_source():
    assert _copied(fingerprints().texts, _written_files()) == []


def test_the_check_would_catch_a_copied_sentence(tmp_path):
    source = " ".join(f"word{i}" for i in range(40))
    prints = (text_print("made-up.txt", source, iterations=1),)
    page = tmp_path / "page.md"
    page.write_text("Some words of ours, then " + source[40:140] + " and ours again.")
    data = tmp_path / "tags.yml"
    data.write_text("tags:\n  x:\n    description: " + " ".join(source.split()[: RUN - 1]))
    (found,) = _copied(prints, [page, data])
    assert found.startswith(f"{page}: ") and "runs of 12 words from made-up.txt" in found


def test_a_phrase_of_the_source_is_recognised_and_others_are_not():
    source = text_print("made-up.txt", "The doing to way; then a doing with one.", iterations=1)
    assert source.holds_phrase(words("doing to"))
    assert source.holds_phrase(words("Doing with one"))
    assert not source.holds_phrase(words("doing one"))
    assert not source.holds_phrase(words("doing"))  # one word is a term, not a quotation


def _quotations(body: str) -> list[tuple[str, str]]:
    """(quoted text, the text after it) for every ``<q>`` quotation in a page's Markdown."""
    return [
        (m.group(1), body[m.end() : m.end() + 80])
        for m in re.finditer(r"<q>(.*?)</q>", body, re.DOTALL)
    ]


def _straight_quotes(body: str) -> list[str]:
    """Text in plain quotation marks (straight or curly), outside attribute lists such as
    ``data-tags="a b"``: titles may stand there, quotations from a source may not."""
    prose = re.sub(r"\{[^}]*\}", "", body)
    return [a or b for a, b in re.findall(r'"([^"]+)"|“([^”]+)”', prose)]


def _blockquotes(body: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"(?m)(?:^>.*\n?)+", body)]


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.rel)
def test_quotations_from_a_source_are_short_marked_and_cited(page):
    sources = fingerprints().texts
    titles = {" ".join(words(t)) for t in bib_entries().values()}
    faults = []
    for quoted, after in _quotations(page.body):
        phrase = " ".join(words(quoted))
        if len(phrase.split()) > MAX_QUOTED_WORDS and phrase not in titles:
            faults.append(f"too long to quote: {quoted!r}")
        if not CITATION_AFTER.match(after):
            faults.append(f"quotation without a citation right after it: {quoted!r}")
    for quoted in _straight_quotes(page.body):
        phrase = words(quoted)
        if " ".join(phrase) not in titles and any(s.holds_phrase(phrase) for s in sources):
            faults.append(f"quoted from the essay but not marked with <q>: {quoted!r}")
    for quote in _blockquotes(page.body):
        if "@" not in quote or len(words(quote)) > 2 * MAX_QUOTED_WORDS:
            faults.append(f"a blockquote is short and carries its citation: {quote[:60]!r}")
    assert faults == []


@pytest.mark.parametrize(
    ("body", "quotes", "cited"),
    [
        ("It <q>cannot be faulted</q> [@x].", ["cannot be faulted"], [True]),
        ("[<q>market leaders</q>]{>n} [@x, p. 2]", ["market leaders"], [True]),
        ("<q>two\nlines</q> [@x] and <q>bare</q>.", ["two\nlines", "bare"], [True, False]),
        ('Heading { #a data-tags="power" } says "nothing".', [], []),
    ],
)
def test_quotation_scanner(body, quotes, cited):
    found = _quotations(body)
    assert [q for q, _ in found] == quotes
    assert [bool(CITATION_AFTER.match(a)) for _, a in found] == cited


def test_straight_quotes_skip_attribute_lists():
    body = '## H { #a data-tags="power" }\n\nThe "doing to" way, \u201cdoing with\u201d too.'
    assert _straight_quotes(body) == ["doing to", "doing with"]
