"""The pages feature in a real MkDocs build: front matter faults fail --strict, exactly."""

from __future__ import annotations

PLUGIN = {"pages": {"types_by_folder": {"essays": "critique"}}}


def test_front_matter_faults_are_warnings_with_path_line_and_code(build_site):
    site = build_site(
        {
            "docs/index.md": "# Home\n",
            "docs/essays/a.md": "---\ntitle: A\nsummary: [unclosed\n---\n# A\n",
            "docs/essays/b.md": "---\ntitle: B\ntype: critic\nsummary: S.\n---\n# B\n",
            "docs/loose.md": "---\ntitle: Loose\n---\n# Loose\n",
        },
        plugin=PLUGIN,
        strict=True,
    )
    assert site.aborted
    assert sorted(m.removeprefix("marginalia: ") for m in site.warnings) == [
        "docs/essays/a.md:4: the front matter is not valid YAML (expected ',' or ']', but got "
        "'<stream end>'), so MkDocs ignores all of it — fix the YAML: quote values holding "
        "': ' or '#', indent lists evenly [pages.yaml-error]",
        "docs/essays/b.md:3: page type 'critic' is not one of critique, project, concept — "
        "did you mean 'critique'? [pages.unknown-type]",
        "docs/loose.md:1: this page has no type, so no listing, tag page or Related section "
        "shows it — add 'type: critique' (one of critique, project, concept) to its front "
        "matter, or move it into a typed folder [pages.missing-type]",
    ]


def test_types_come_from_front_matter_or_folder_and_site_pages_need_none(build_site):
    site = build_site(
        {
            "docs/index.md": "# Home\n",
            "docs/essays/index.md": "# Essays\n",
            "docs/essays/a.md": "---\ntitle: A\nsummary: S.\n---\n# A\n",
            "docs/other/c.md": "---\ntitle: C\ntype: concept\nsummary: S.\n---\n# C\n",
        },
        plugin={"pages": {"types_by_folder": {"essays": "critique"}, "extra_keys": ["weight"]}},
        strict=True,
    )
    assert not site.aborted
    assert site.warnings == []
    assert site.messages_with("pages.unknown-key") == []


def test_front_matter_mkdocs_cannot_read_is_not_shown_as_text(build_site):
    page = "---\ntitle: A: b\nsummary: <i onclick=alert(1)>x</i>\n---\n\n# Heading\n\nBody.\n"
    site = build_site({"docs/index.md": "# Home\n", "docs/essays/a.md": page})
    assert site.messages_with("pages.yaml-error")
    html = site.html("essays/a/")
    assert "<p>Body.</p>" in html
    assert "title: A: b" not in html and "onclick" not in html
