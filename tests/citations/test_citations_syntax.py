"""Which Markdown is a citation, and which is not: a table, through plain Python-Markdown."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from marginalia.citations.collect import locate, parse_raw
from marginalia.citations.sanitize import preview, sanitize
from marginalia.citations.syntax import parse_bracketed

PENDING = re.compile(r'<span class="mg-cite-pending" data-mg-cite="([^"]*)">')


def clusters(source: str, extensions: tuple[str, ...] = ()) -> list[str]:
    md = markdown.Markdown(extensions=["marginalia.citations", *extensions])
    return [html.unescape(raw) for raw in PENDING.findall(md.convert(source))]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Text [@key].", ["[@key]"]),
        ("Text [@key, p. 12].", ["[@key, p. 12]"]),
        (
            "[see @a, pp. 3-5 and passim; @b, chap. 2]",
            ["[see @a, pp. 3-5 and passim; @b, chap. 2]"],
        ),
        ("Only the year [-@key].", ["[-@key]"]),
        ("As @key argues.", ["@key"]),
        ("As @key [p. 4] argues.", ["@key [p. 4]"]),
        ("As @key [-@other] argue.", ["@key [-@other]"]),
        ("As @key\n[p. 9] argues.", ["@key\n[p. 9]"]),
        ("Year only -@key here.", ["-@key"]),
        ("[@smith:2013.a]", ["[@smith:2013.a]"]),
        ("[@doe/2020_x-y]", ["[@doe/2020_x-y]"]),
        ("Ends a sentence @smith2013.", ["@smith2013"]),
        ("Braced @{a.b:c} here.", ["@{a.b:c}"]),
        ("[@a; @b; @c]", ["[@a; @b; @c]"]),
        ("[@key, p. *33*]", ["[@key, p. *33*]"]),
        ("[@key, p. `x`]", ["[@key, p. `x`]"]),
        (r"[@key, \[aside\]]", [r"[@key, \[aside\]]"]),
        ("(@key)", ["@key"]),
        ("pre-@key", ["@key"]),
        ("*@key*", ["@key"]),
        ("[@a] and [@b]", ["[@a]", "[@b]"]),
        ("[@key\nover lines]", ["[@key\nover lines]"]),
    ],
)
def test_citations_are_found_with_their_raw_text(source, expected):
    assert clusters(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        r"Escaped \@key here.",
        "Mail me at someone@example.org.",
        "Mail <someone@example.org>.",
        "Code `[@key]` and `@key`.",
        "    [@key] in a code block",
        "```\n[@key]\n```",
        "[a link](https://example.org/@key)",
        "[text @key](https://example.org)",
        "[@key](https://example.org)",
        '<a href="https://example.org/@key">raw html</a>',
        "[no key here]",
        "A footnote[^1].\n\n[^1]: Plain.",
        "1.@key after a full stop",
        "word@key",
    ],
)
def test_never_a_citation(source):
    assert clusters(source, ("footnotes", "pymdownx.superfences")) == []


def test_escaped_at_sign_is_a_literal_at_sign():
    md = markdown.Markdown(extensions=["marginalia.citations"])
    assert md.convert(r"\@key") == "<p>@key</p>"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("A footnote[^1].\n\n[^1]: See [@key].", ["[@key]"]),
        ("!!! note\n    In a note @key [p. 2].", ["@key [p. 2]"]),
        ("| a | b |\n|---|---|\n| [@x, p. 3] | @y |", ["[@x, p. 3]", "@y"]),
    ],
)
def test_citations_in_footnotes_admonitions_and_tables(source, expected):
    assert clusters(source, ("footnotes", "admonition", "tables")) == expected


@pytest.mark.parametrize(
    ("raw", "keys", "prefixes", "suffixes", "suppressed"),
    [
        ("[@a]", ("a",), ("",), ("",), (False,)),
        ("[see @a, p. 3; -@b]", ("a", "b"), ("see", ""), (", p. 3", ""), (False, True)),
        ("[@{a:b}, chap. 2]", ("a:b",), ("",), (", chap. 2",), (False,)),
    ],
)
def test_cluster_items(raw, keys, prefixes, suffixes, suppressed):
    cluster = parse_bracketed(raw)
    assert cluster is not None
    assert cluster.keys == keys
    assert tuple(i.prefix for i in cluster.items) == prefixes
    assert tuple(i.suffix for i in cluster.items) == suffixes
    assert tuple(i.suppress_author for i in cluster.items) == suppressed


def test_narrative_with_locator_keeps_the_locator_as_suffix():
    cluster = parse_raw("@key [p. 4]")
    assert cluster.narrative and cluster.keys == ("key",) and cluster.items[0].suffix == "p. 4"


def test_locate_finds_the_nth_citation_of_a_key():
    source = "---\ntitle: x\n---\n\nA [@k].\n\nB @k, not @kx or me@k.\n"
    assert locate(source, "k") == 5
    assert locate(source, "k", 1) == 7
    assert locate(source, "missing") is None


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<a href="javascript:alert(1)">x</a>', "x"),
        (
            '<a href="https://example.org/" onclick="x()">y</a>',
            '<a href="https://example.org/">y</a>',
        ),
        ('<a href="data:text/html,x">z</a>', "z"),
        ('<a href="../page/#ref-a">r</a>', '<a href="../page/#ref-a">r</a>'),
        ('<a href="mailto:a@b.org">m</a>', '<a href="mailto:a@b.org">m</a>'),
        ("<script>alert(1)</script>after", "after"),
        ('<img src=x onerror="alert(1)">t', "t"),
        (
            '<span style="font-variant:small-caps">S</span>',
            '<span style="font-variant:small-caps">S</span>',
        ),
        ('<span style="background:url(x)">S</span>', "<span>S</span>"),
        ("&lt;b&gt;", "&lt;b&gt;"),
    ],
)
def test_sanitize_keeps_only_safe_markup(fragment, expected):
    assert sanitize(fragment) == expected


def test_a_preview_has_no_links_spans_or_blocks():
    fragment = (
        '<div class="csl-left-margin">[1]</div><span class="nocase">Title</span> '
        '<em>Journal</em> <a href="https://doi.org/x">https://doi.org/x</a>'
    )
    assert preview(fragment) == "[1]Title <em>Journal</em> https://doi.org/x"
