"""No page copies the source essay: at most 11 words in a row, and quotations short and cited."""

from __future__ import annotations

import re

import pytest
from tests.content.sources import all_pages, bib_entries, shared_sources, words

RUN = 12  # a page may not share this many consecutive words with a source text
MAX_QUOTED_WORDS = 8  # a quotation from a source is a short phrase, not a sentence
CITATION_AFTER = re.compile(r"(?:\]\{>[\w-]+\})?\s*\[[^\]]*@")


def _source_runs() -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    texts = sorted(shared_sources().glob("*.txt"))
    assert texts, "shared/sources holds no .txt source texts to compare against"
    for source in texts:
        w = words(source.read_text(encoding="utf-8", errors="ignore"))
        runs.update(tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1))
    return runs


def _source_words() -> str:
    texts = sorted(shared_sources().glob("*.txt"))
    return " " + " ".join(" ".join(words(t.read_text(errors="ignore"))) for t in texts) + " "


def test_no_page_copies_twelve_words_in_a_row_from_a_source():
    runs = _source_runs()
    copied = []
    for page in all_pages():
        w = words(page.path.read_text(encoding="utf-8"))
        hits = [i for i in range(len(w) - RUN + 1) if tuple(w[i : i + RUN]) in runs]
        if hits:
            copied.append(
                f"{page.rel}: {len(hits)} runs, first: {' '.join(w[hits[0] : hits[0] + RUN])}"
            )
    assert copied == []


def test_the_check_would_catch_a_copied_sentence():
    runs = _source_runs()
    sample = next(iter(runs))
    page = "Some words of ours, then " + " ".join(sample) + " and ours again."
    w = words(page)
    assert any(tuple(w[i : i + RUN]) in runs for i in range(len(w) - RUN + 1))


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
    essay = _source_words()
    titles = {" ".join(words(t)) for t in bib_entries().values()}
    faults = []
    for quoted, after in _quotations(page.body):
        phrase = " ".join(words(quoted))
        if len(phrase.split()) > MAX_QUOTED_WORDS and phrase not in titles:
            faults.append(f"too long to quote: {quoted!r}")
        if not CITATION_AFTER.match(after):
            faults.append(f"quotation without a citation right after it: {quoted!r}")
    for quoted in _straight_quotes(page.body):
        phrase = " ".join(words(quoted))
        if phrase and f" {phrase} " in essay and phrase not in titles:
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


def test_missing_sources_fail_under_ci(monkeypatch, tmp_path):
    from tests.content import sources

    monkeypatch.setattr(sources, "REPO", tmp_path / "clone")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="source texts are missing"):
        sources.shared_sources()
