"""Links in pages to ``javascript:``, ``vbscript:`` and ``data:`` addresses are reported at
their line and written as text, never as a live link."""

from __future__ import annotations

import markdown
import pytest

from marginalia.checks.unsafelinks import UnsafeLinksExtension, unsafe_scheme

PAGE = """\
# Links

A [fine link](https://example.org/) and [a page](other.md).

Click [here](javascript:alert(1)) or [there](JaVaScRiPt:alert(2)).

An [encoded one](&#106;avascript:alert(3)) and [a tab](java&#x09;script:alert(4)).

A [document](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==).

An [old one](vbscript:msgbox) and [by reference][bad].

[bad]: javascript:alert(6)
"""


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        (" JAVASCRIPT:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("&#x6A;avascript&colon;alert(1)", "javascript"),
        ("vbscript:msgbox", "vbscript"),
        ("data:text/html,x", "data"),
        ("https://example.org/", None),
        ("mailto:a@example.org", None),
        ("other.md#javascript:x", None),
        ("/page?next=javascript:x", None),
    ],
)
def test_unsafe_schemes_are_recognised_as_a_browser_reads_them(url, scheme):
    assert unsafe_scheme(url) == scheme


def test_python_markdown_writes_them_as_text():
    extension = UnsafeLinksExtension()
    html = markdown.markdown(PAGE, extensions=[extension])
    assert "script:" not in html.replace("mg-unsafe-link", "")
    assert "data:" not in html
    assert '<span class="mg-unsafe-link">here</span>' in html
    assert '<a href="https://example.org/">fine link</a>' in html
    assert [link.text for link in extension.found] == [
        "here",
        "there",
        "encoded one",
        "a tab",
        "document",
        "old one",
        "by reference",
    ]


CODE = "runs as code in the reader's browser"
DOCUMENT = "opens a document carried by the address itself, which can run code"


def test_each_unsafe_link_is_reported_at_its_line(build_site):
    site = build_site({"docs/index.md": PAGE, "docs/other.md": "# Other\n"})
    assert site.messages_with("links.unsafe-url") == [
        f"marginalia: docs/index.md:{line}: the link '{text}' has a {scheme}: address, "
        f"which {risk}; it is shown as text, not as a link — link to an http(s) address or "
        "to a page of this site [links.unsafe-url]"
        for line, text, scheme, risk in [
            (5, "here", "javascript", CODE),
            (5, "there", "javascript", CODE),
            (7, "encoded one", "javascript", CODE),
            (7, "a tab", "javascript", CODE),
            (9, "document", "data", DOCUMENT),
            (11, "old one", "vbscript", CODE),
            (13, "by reference", "javascript", CODE),  # the address is on its own line
        ]
    ]
    html = site.html("")
    assert "javascript:" not in html.lower() and "vbscript:" not in html
    assert "&#106;avascript" not in html and "base64,PHNjcmlwd" not in html


def test_a_strict_build_fails_on_an_unsafe_link(build_site):
    site = build_site({"docs/index.md": "# X\n\n[x](javascript:alert(1))\n"}, strict=True)
    assert site.aborted


def test_an_unsafe_link_in_a_tag_description_is_reported_at_its_tag(build_site):
    vocabulary = (
        "tags:\n  power:\n    description: Who decides.\n"
        "  risk:\n    description: See [this](javascript:alert(1)).\n"
    )
    site = build_site(
        {"docs/index.md": "---\ntags: [power, risk]\n---\n# X\n", "data/tags.yml": vocabulary},
        plugin={"tags": {"vocabulary": "data/tags.yml"}},
    )
    # At the line of the description that holds the link (the tag's entry starts above).
    assert [m.split(": the link")[0] for m in site.messages_with("links.unsafe-url")] == [
        "marginalia: data/tags.yml:5"
    ]
    assert "javascript:" not in site.html("tags/risk/")
