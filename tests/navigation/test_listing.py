"""The index page's listing: rendering and placement, as a table."""

from __future__ import annotations

import pytest

from marginalia.navigation import MARKER, ListedPage, place_listing, render_listing


@pytest.mark.parametrize(
    ("pages", "expected_items"),
    [
        ([ListedPage("a/", "A")], ['<li><a href="a/">A</a></li>']),
        ([ListedPage("a/", "A", "One line.")], ['<li><a href="a/">A</a>: One line.</li>']),
        (
            [ListedPage('a/?x=1&y="2"', "<A> & B", "<script>x</script>")],
            [
                '<li><a href="a/?x=1&amp;y=&quot;2&quot;">&lt;A&gt; &amp; B</a>: '
                "&lt;script&gt;x&lt;/script&gt;</li>"
            ],
        ),
        (
            [ListedPage("a/", "A"), ListedPage("../b/", "B")],
            ['<li><a href="a/">A</a></li>', '<li><a href="../b/">B</a></li>'],
        ),
    ],
)
def test_render_listing(pages: list[ListedPage], expected_items: list[str]) -> None:
    assert render_listing(pages, "Pages & more") == (
        '<h2 id="marginalia-section-pages">Pages &amp; more</h2>\n'
        '<ul class="marginalia-section-pages">\n' + "\n".join(expected_items) + "\n</ul>"
    )


@pytest.mark.parametrize(
    ("html", "listing", "expected"),
    [
        ("<p>x</p>", "<ul></ul>", "<p>x</p>\n<ul></ul>\n"),
        ("<p>x</p>", "", "<p>x</p>"),
        (f"<p>x</p>\n{MARKER}\n<h2>y</h2>", "<ul></ul>", "<p>x</p>\n<ul></ul>\n<h2>y</h2>"),
        (f"{MARKER}<p>x</p>{MARKER}", "<ul></ul>", "<ul></ul><p>x</p>"),
        (f"<p>x</p>{MARKER}", "", "<p>x</p>"),
        # Escaped in a code span or block: text about the marker, not the marker.
        (
            "<code>&lt;!-- marginalia:section-pages --&gt;</code>",
            "",
            "<code>&lt;!-- marginalia:section-pages --&gt;</code>",
        ),
    ],
)
def test_place_listing(html: str, listing: str, expected: str) -> None:
    assert place_listing(html, listing) == expected
