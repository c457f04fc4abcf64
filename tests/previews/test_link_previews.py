"""The preview index holds every page's title and summary; pages' HTML stays untouched."""

from __future__ import annotations

import json

from marginalia.previews import LinkPreview, preview_index, preview_index_json


def test_index_keeps_title_and_summary_by_url_and_drops_untitled_pages():
    index = preview_index(
        {
            "essays/reading/": LinkPreview("A reading", "What the essay argues."),
            "": LinkPreview("Home"),
            "untitled/": LinkPreview(""),
        },
        skip_classes=["headerlink", "citation", "headerlink"],
    )
    assert index == {
        "skip": ["citation", "headerlink"],
        "pages": {
            "": {"title": "Home", "summary": ""},
            "essays/reading/": {"title": "A reading", "summary": "What the essay argues."},
        },
    }


def test_front_matter_text_stays_data_in_json():
    text = preview_index_json({"x/": LinkPreview('A "q" </script><b>&</b>', "It's\u2014x")})
    assert json.loads(text)["pages"]["x/"] == {
        "title": 'A "q" </script><b>&</b>',
        "summary": "It's\u2014x",
    }
    assert "\u2014" in text  # readable, not \u-escaped


def test_built_site_publishes_the_index_and_leaves_links_alone(build_site):
    site = build_site(
        {
            "docs/index.md": "# Home\n\nRead [the essay](essays/one.md).\n",
            "docs/essays/one.md": """
                ---
                title: The essay
                type: critique
                summary: One line about it.
                ---
                # The essay

                Back [home](../index.md).
                """,
            "docs/contributing.md": "# About us\n\nNo front matter: the title comes from the heading.\n",
        },
        plugin={"previews": {"skip_classes": ["citation"]}},
        strict=True,
    )
    assert site.warnings == []
    index = json.loads((site.site_dir / "assets/marginalia/previews.json").read_text("utf-8"))
    assert index == {
        "skip": ["citation"],
        "pages": {
            "": {"title": "Home", "summary": ""},
            "contributing/": {"title": "About us", "summary": ""},
            "essays/one/": {"title": "The essay", "summary": "One line about it."},
        },
    }
    home = site.html("")
    assert '<a href="essays/one/">the essay</a>' in home
    assert '<script src="assets/marginalia/previews.js"></script>' in home
    assert 'href="assets/marginalia/previews.css"' in home


def test_previews_can_be_turned_off(build_site):
    site = build_site(
        {"docs/index.md": "# Home\n\n[b](b.md)", "docs/b.md": "# B"},
        plugin={"previews": {"enabled": False}},
    )
    assert not (site.site_dir / "assets/marginalia/previews.json").exists()
    assert "previews.js" not in site.html("")
