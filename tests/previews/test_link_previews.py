"""Links to other pages carry that page's title and summary; nothing else is touched."""

from __future__ import annotations

import pytest

from marginalia.previews import LinkPreview, PreviewTargets, add_link_previews

TARGETS = PreviewTargets(
    {
        "": LinkPreview("Home"),
        "essays/reading/": LinkPreview("A reading", "What the essay argues."),
        "projects/p/": LinkPreview("Project P", "What P did."),
        "bibliography/": LinkPreview("Bibliography", "Every work cited."),
    }
)


@pytest.mark.parametrize(
    ("page_url", "href", "expected"),
    [
        ("", "essays/reading/", "A reading"),
        ("", "essays/reading/#part-2", "A reading"),
        ("", "./essays/reading/", "A reading"),
        ("essays/reading/", "../../projects/p/", "Project P"),
        ("essays/reading/", "../../", "Home"),
        ("essays/reading/", "../../index.html", "Home"),
        ("projects/p/", "../../essays/reading/?q=1", "A reading"),
        ("essays/reading.html", "../projects/p/", "Project P"),
        # the page itself, fragments of it, other hosts, unknown pages: no preview
        ("essays/reading/", "./", None),
        ("essays/reading/", "#part-2", None),
        ("essays/reading/", "", None),
        ("", "https://example.org/essays/reading/", None),
        ("", "//example.org/essays/reading/", None),
        ("", "mailto:someone@example.org", None),
        ("", "essays/missing/", None),
        ("", "assets/picture.png", None),
    ],
)
def test_links_resolve_to_the_page_they_lead_to(page_url, href, expected):
    preview = TARGETS.resolve(page_url, href)
    assert (preview.title if preview else None) == expected


def test_link_gets_title_and_summary_and_every_other_byte_stays():
    html = (
        '<p>See <a href="essays/reading/">the reading</a>,\n'
        '<a class="headerlink" href="#x">¶</a> and <a href="projects/p/" class="x">P</a>.</p>'
    )
    assert add_link_previews(html, "", TARGETS) == (
        '<p>See <a href="essays/reading/" data-preview-title="A reading" '
        'data-preview-summary="What the essay argues.">the reading</a>,\n'
        '<a class="headerlink" href="#x">¶</a> and <a href="projects/p/" class="x" '
        'data-preview-title="Project P" data-preview-summary="What P did.">P</a>.</p>'
    )


def test_a_page_without_summary_gets_its_title_only():
    html = '<a href="../../">home</a>'
    assert add_link_previews(html, "essays/reading/", TARGETS) == (
        '<a href="../../" data-preview-title="Home">home</a>'
    )


def test_code_comments_and_marked_links_are_left_alone():
    html = (
        '<pre><code>&lt;a href="essays/reading/"&gt;x&lt;/a&gt;</code></pre>\n'
        '<!-- <a href="essays/reading/">old</a> -->\n'
        '<a href="essays/reading/" data-preview-title="Kept">kept</a>\n'
        '<a class="citation" href="bibliography/#ref-x">(X, 2013)</a>'
    )
    result = add_link_previews(html, "", TARGETS, skip_classes=["citation"])
    assert result == html


def test_front_matter_text_is_escaped_in_attributes():
    targets = PreviewTargets({"x/": LinkPreview('A "quoted" <b>&</b>', "It's <i>x</i>")})
    assert add_link_previews('<a href="x/">x</a>', "", targets) == (
        '<a href="x/" data-preview-title="A &quot;quoted&quot; &lt;b&gt;&amp;&lt;/b&gt;" '
        'data-preview-summary="It&#x27;s &lt;i&gt;x&lt;/i&gt;">x</a>'
    )


def test_built_site_marks_internal_links_but_not_code(build_site):
    site = build_site(
        {
            "docs/index.md": """
                # Home

                Read [the essay](essays/one.md) or [elsewhere](https://example.com/).

                    <a href="essays/one/">in code</a>
                """,
            "docs/essays/one.md": """
                ---
                title: The essay
                type: critique
                summary: One line about it.
                ---
                # The essay

                Back [home](../index.md).
                """,
        },
        strict=True,
    )
    assert site.warnings == []
    home = site.html("")
    assert (
        '<a href="essays/one/" data-preview-title="The essay" '
        'data-preview-summary="One line about it.">the essay</a>'
    ) in home
    assert '&lt;a href="essays/one/"&gt;in code&lt;/a&gt;\n</code>' in home
    assert '<a href="https://example.com/">elsewhere</a>' in home
    assert '<a href="../../" data-preview-title="Home">home</a>' in site.html("essays/one/")
    assert "assets/marginalia/previews.js" in home


def test_previews_can_be_turned_off(build_site):
    site = build_site(
        {"docs/index.md": "# Home\n\n[b](b.md)", "docs/b.md": "# B"},
        plugin={"previews": {"enabled": False}},
    )
    assert "data-preview-title" not in site.html("")
    assert "previews.js" not in site.html("")
