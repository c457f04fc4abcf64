"""Links and tagged passages read from rendered HTML."""

from __future__ import annotations

import pytest

from marginalia.tags.locate import front_matter_tag_lines, passage_tag_line
from marginalia.tags.scan import FoundPassage, link_targets, tagged_passages
from marginalia.urls import relative_url


@pytest.mark.parametrize(
    ("html", "page_url", "expected"),
    [
        ('<a href="../x/">x</a>', "essays/a/", {"essays/x/"}),
        ('<a href="../../projects/y/#part">y</a>', "essays/a/", {"projects/y/"}),
        ('<a class="c" href="../../">home</a>', "essays/a/", {""}),
        ('<a href="#local">here</a>', "essays/a/", set()),
        ('<a href="https://example.org/x/">out</a>', "essays/a/", set()),
        ('<a href="mailto:a@b.org">mail</a>', "essays/a/", set()),
        ('<a href="other.html">flat</a>', "essays/a.html", {"essays/other.html"}),
        ('<a href="../index.html">flat index</a>', "essays/a.html", {""}),
        ('<a href="b/">b</a><a href="b/">again</a>', "", {"b/"}),
        ('<a href="caf%C3%A9/">encoded</a>', "", {"café/"}),
        ('<p>href="x/" in text</p><code>&lt;a href="y/"&gt;</code>', "", set()),
    ],
)
def test_link_targets(html, page_url, expected):
    assert link_targets(html, page_url) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<h2 data-tags="power coercion" id="who">Who <em>decides</em>'
            '<a class="headerlink" href="#who">¶</a></h2>',
            [FoundPassage("who", "Who decides", ("power", "coercion"), "section")],
        ),
        (
            '<aside class="mg-note" id="n1" data-tags="power"><p>A note that is rather long, '
            "longer than twelve words, so its title is cut short here.</p></aside>",
            [
                FoundPassage(
                    "n1",
                    "A note that is rather long, longer than twelve words, so its…",
                    ("power",),
                    "note",
                )
            ],
        ),
        (
            '<div id="outer" data-tags="a"><div>inner</div><p id="p" data-tags="b">para</p></div>',
            [
                FoundPassage("outer", "inner para", ("a",), "passage"),
                FoundPassage("p", "para", ("b",), "passage"),
            ],
        ),
        (
            '<aside class="mg-note" data-tags="coercion" id="note-c" role="note">'
            '<p class="mg-note__head"><span class="mg-note__label" id="l">Note 9</span> '
            '<a class="mg-note__back" data-search-exclude="" href="#p">↩︎</a> '
            '<a class="mg-note__permalink" data-search-exclude="" href="#note-c">¶</a></p>'
            '<div class="mg-note__body"><p>The essay names <a href="x/">coercion</a> once.</p>'
            "</div></aside>",
            [
                FoundPassage(
                    "note-c", "Note 9: The essay names coercion once.", ("coercion",), "note"
                )
            ],
        ),
        ('<h2 id="plain">No tags</h2><p data-tags="x">no id</p>', []),
        ('<pre><code>&lt;h2 id="x" data-tags="y"&gt;</code></pre>', []),
        (
            '<pre><code>&lt;h2 id="x" data-tags="y"&gt;</code></pre><p>between</p>'
            '<h2 id="z" data-tags="a">Z</h2><p id="q" data-tags="b">Q</p>',
            [FoundPassage("z", "Z", ("a",), "section"), FoundPassage("q", "Q", ("b",), "passage")],
        ),
    ],
    ids=["heading", "note", "nested", "labelled-note", "untagged", "in-code", "after-code"],
)
def test_tagged_passages(html, expected):
    assert tagged_passages(html) == expected


@pytest.mark.parametrize(
    ("url", "from_url", "expected"),
    [
        ("essays/x/", "tags/coercion/", "../../essays/x/"),
        ("", "tags/", "../"),
        ("tags/", "tags/", "./"),
        ("essays/x/", "", "essays/x/"),
        ("essays/x.html", "tags/coercion.html", "../essays/x.html"),
    ],
)
def test_relative_url(url, from_url, expected):
    assert relative_url(url, from_url) == expected


def test_front_matter_tag_lines():
    source = "---\ntitle: X\ntags:\n  - power\n  - welbeing\n---\n\n# X\n"
    assert front_matter_tag_lines(source) == (3, {"power": 4, "welbeing": 5})
    assert front_matter_tag_lines("---\ntags: [a, b]\n---\n") == (2, {"a": 2, "b": 2})
    assert front_matter_tag_lines("# No front matter\n") == (None, {})


def test_passage_tag_line_finds_headings_and_notes():
    source = (
        "# Title\n\n"
        '## Part { #part data-tags="power powr" }\n\n'
        "Text [the passage]{>n1}.\n\n"
        "/// annotation | n1\n"
        "    tags: [coercion, welbeing]\n\n"
        "The note.\n///\n"
    )
    assert passage_tag_line(source, "part", "powr") == 3
    assert passage_tag_line(source, "n1", "welbeing") == 8
    assert passage_tag_line(source, "auto-id", "powr") == 3  # heading id given by toc
    assert passage_tag_line(source, "gone", "nowhere") is None
