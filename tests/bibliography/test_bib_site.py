"""Every bad .bib input as a tiny site: the exact message, and whether --strict fails."""

from __future__ import annotations

import logging

import pytest

GOOD = "@book{good, author = {Cahn, Edgar}, title = {T}, publisher = {P}, year = {2000}}\n"
PAGE = "# X\n\nCites [@good] and [@other].\n"
PLUGIN = {"citations": {"bibliography": ["bib/a.bib"]}}


def _ours(site) -> list[tuple[str, str]]:
    return [
        (level, text.removeprefix("marginalia: "))
        for level, text in site.logs
        if "[bib." in text or "[citations." in text
    ]


@pytest.mark.parametrize(
    ("bib", "expected"),
    [
        pytest.param(
            GOOD + "@misc{other,\n  title = {T}\n  year = {2001}\n}\n",
            [
                (
                    "WARNING",
                    "bib/a.bib:3: malformed entry 'other': missing comma after the "
                    "field 'title' — check that every brace is closed and every field ends with "
                    "a comma [bib.syntax]",
                ),
                (
                    "WARNING",
                    "docs/index.md:3: the entry 'other' cited here cannot be read (bib/a.bib:2) "
                    "— fix it there, where its fault is reported [citations.unreadable-entry]",
                ),
            ],
            id="missing-comma",
        ),
        pytest.param(
            GOOD + "@misc{other,\n  title = {T,\n  year = {2001}\n}\n",
            [
                (
                    "WARNING",
                    "bib/a.bib:2: malformed entry '@misc{other': unclosed brace or "
                    "missing comma — check that every brace is closed and every field ends with "
                    "a comma [bib.syntax]",
                ),
                (
                    "WARNING",
                    "docs/index.md:3: the entry 'other' cited here cannot be read (bib/a.bib:2) "
                    "— fix it there, where its fault is reported [citations.unreadable-entry]",
                ),
            ],
            id="unclosed-brace",
        ),
        pytest.param(
            GOOD + "@misc{other, title = {T}, year = 20 01}\n",
            [
                (
                    "WARNING",
                    "bib/a.bib:2: Pandoc cannot read entry 'other': unexpected '0' — "
                    "check the entry's braces, commas and LaTeX commands [bib.syntax]",
                ),
            ],
            id="pandoc-rejects-an-entry",
        ),
        pytest.param(
            GOOD + "@misc{other, title = {One}}\n@misc{other, title = {Two}}\n",
            [
                (
                    "WARNING",
                    "bib/a.bib:3: duplicate key 'other' (first defined at "
                    "bib/a.bib:2) — give one of the two entries another key, or delete the copy "
                    "[bib.duplicate-key]",
                ),
            ],
            id="duplicate-key",
        ),
        pytest.param(
            GOOD + "@article{other, author = {A, B}, title = {T}, year = {2001}}\n",
            [
                (
                    "WARNING",
                    "bib/a.bib:2: @article 'other' has no journal or journaltitle — "
                    "add the journal or journaltitle field (a reference without it cannot be "
                    "formatted) [bib.missing-field]",
                ),
            ],
            id="missing-field",
        ),
        pytest.param(
            GOOD + "@misc{other, title = {T}, url = {data:text/html,<b>x</b>}}\n",
            [
                (
                    "WARNING",
                    "bib/a.bib:2: entry 'other' has a URL that is not http, https or "
                    "mailto: 'data:text/html,<b>x</b>' — use an http(s) address; this one is "
                    "shown as text, never as a link [bib.unsafe-url]",
                ),
            ],
            id="unsafe-url",
        ),
        pytest.param(
            GOOD + "@misc{other, title = {T}}\n@misc{lonely, title = {Nobody cites me}}\n",
            [
                (
                    "INFO",
                    "bib/a.bib:3: entry 'lonely' is not cited anywhere — cite it, list "
                    "it under nocite in a page's front matter, or remove it [bib.uncited]",
                ),
            ],
            id="uncited-is-advice",
        ),
    ],
)
def test_bad_bib_input_in_a_site(build_site, caplog, bib, expected):
    caplog.set_level(logging.INFO, logger="mkdocs")  # advisories are logged as info
    site = build_site({"docs/index.md": PAGE, "bib/a.bib": bib}, plugin=PLUGIN, strict=True)
    assert _ours(site) == expected
    assert site.aborted == any(level == "WARNING" for level, _ in expected)


def test_duplicate_keys_across_files(build_site):
    site = build_site(
        {
            "docs/index.md": PAGE,
            "bib/a.bib": GOOD + "@misc{other, title = {A}}\n",
            "bib/b.bib": "@misc{other, title = {B}}\n",
        },
        plugin={"citations": {"bibliography": ["bib/a.bib", "bib/b.bib"]}},
    )
    assert _ours(site) == [
        (
            "WARNING",
            "bib/b.bib:1: duplicate key 'other' (first defined at bib/a.bib:2) — give "
            "one of the two entries another key, or delete the copy [bib.duplicate-key]",
        ),
    ]
    assert "<em>A</em>" in site.html("") or "A." in site.html("")


def test_unknown_nocite_key_points_at_the_front_matter(build_site):
    page = '---\ntitle: X\nnocite:\n  - "@good"\n  - "@godo"\n---\n\n# X\n\nText.\n'
    site = build_site({"docs/index.md": page, "bib/a.bib": GOOD}, plugin=PLUGIN)
    assert _ours(site) == [
        (
            "WARNING",
            "docs/index.md:5: unknown citation key 'godo' — did you mean 'good'? "
            "[citations.unknown-key]",
        ),
    ]
    assert 'id="ref-good"' in site.html("")


def test_nocite_star_lists_every_entry(build_site):
    bib = GOOD + "@misc{other, title = {Other}, year = {2001}}\n"
    site = build_site(
        {"docs/index.md": "---\nnocite: ['@*']\n---\n# X\n\nText.\n", "bib/a.bib": bib},
        plugin=PLUGIN,
    )
    html = site.html("")
    assert 'id="ref-good"' in html and 'id="ref-other"' in html
    assert _ours(site) == []


def test_an_entry_that_cannot_be_read_is_one_fault_and_one_line_per_citing_page(build_site):
    """A missing brace in an entry cited five times on two pages: the cause at the .bib
    line, and one line on each citing page saying where, with no key suggested."""
    bib = GOOD + "@misc{other,\n  title = {T,\n  year = {2001}\n}\n\n@misc{otherr, title = {U}}\n"
    site = build_site(
        {
            "docs/index.md": "# X\n\n[@other] and [@good; @other].\n\nAgain @other.\n",
            "docs/more.md": "# Y\n\n[see @other, p. 3]; then [@otherr; @other].\n",
            "bib/a.bib": bib,
        },
        plugin=PLUGIN,
        strict=True,
    )
    assert site.aborted
    assert _ours(site) == [
        (
            "WARNING",
            "bib/a.bib:2: malformed entry '@misc{other': unclosed brace or missing comma — "
            "check that every brace is closed and every field ends with a comma [bib.syntax]",
        ),
        (
            "WARNING",
            "docs/index.md:3: the entry 'other' cited here cannot be read (bib/a.bib:2) — "
            "fix it there, where its fault is reported [citations.unreadable-entry]",
        ),
        (
            "WARNING",
            "docs/more.md:3: the entry 'other' cited here cannot be read (bib/a.bib:2) — "
            "fix it there, where its fault is reported [citations.unreadable-entry]",
        ),
    ]


def test_a_stray_brace_is_one_syntax_fault_not_missing_fields(build_site):
    bib = (
        GOOD
        + "@article{other,\n  author = {A}},\n  title = {T},\n  journal = {J},\n  year = {1}\n}\n"
    )
    site = build_site({"docs/index.md": PAGE, "bib/a.bib": bib}, plugin=PLUGIN)
    assert [code for m in site.warnings for code in [m.rsplit("[", 1)[-1]]] == [
        "bib.syntax]",
        "citations.unreadable-entry]",
    ]


def test_a_spaced_opening_is_read_and_formatted(build_site):
    bib = GOOD + "@ misc{other,\n  title = {Spaced Out},\n  year = {2001}\n}\n"
    site = build_site({"docs/index.md": PAGE, "bib/a.bib": bib}, plugin=PLUGIN, strict=True)
    assert _ours(site) == []
    assert "Spaced out" in site.html("") or "Spaced Out" in site.html("")
