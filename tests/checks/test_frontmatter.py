"""Front matter: strict YAML with line numbers, and the schema per page type."""

from __future__ import annotations

import pytest

from marginalia.checks.frontmatter import PageSchema, check_front_matter, read_front_matter

SCHEMA = PageSchema(types_by_folder={"essays": "critique", "projects": "project"})
GOOD = "---\ntitle: A reading\nsummary: One line.\ntags: [power, coercion]\n---\n# A reading\n"


def _codes(src_path: str, text: str) -> list[tuple[str, int | None]]:
    front = check_front_matter(src_path, text, SCHEMA, "docs/" + src_path)
    return [(d.code, d.line) for d in front.diagnostics]


@pytest.mark.parametrize(
    ("src_path", "text", "expected"),
    [
        ("essays/a.md", GOOD, []),
        ("concepts/a.md", GOOD.replace("tags:", "type: concept\ntags:"), []),
        ("index.md", "---\ntitle: Home\n---\n# Home\n", []),
        ("essays/index.md", "# Essays\n", []),
        ("tags/power.md", "# Power\n", []),
        ("bibliography.md", "no front matter at all\n", []),
        # broken YAML, at the line of the fault
        ("essays/a.md", "---\ntitle: A\nsummary: x\ntags: [a\n---\n", [("pages.yaml-error", 5)]),
        ("essays/a.md", "---\ntitle: A: b: c\n---\n", [("pages.yaml-error", 2)]),
        ("essays/a.md", "---\ntitle: A\n  bad: indent\n---\n", [("pages.yaml-error", 3)]),
        ("essays/a.md", "---\ntitle: A\n# never closed\n", [("pages.yaml-error", 1)]),
        ("essays/a.md", "---\n- a\n- b\n---\n", [("pages.yaml-error", 2)]),
        # YAML that parses but makes no value: a date that is none (once a traceback)
        ("essays/a.md", "---\ntitle: A\ndate: 2024-13-45\n---\n", [("pages.yaml-error", 3)]),
        # the schema of a content page
        ("essays/a.md", "---\nsummary: x\n---\n", [("pages.missing-title", 1)]),
        ("essays/a.md", "---\ntitle: A\n---\n", [("pages.missing-summary", 1)]),
        ("essays/a.md", "---\ntitle: A\nsummary: ''\n---\n", [("pages.missing-summary", 3)]),
        (
            "essays/a.md",
            "---\ntitle: A\nsummary: |\n  one\n  two\n---\n",
            [("pages.multiline-summary", 3)],
        ),
        ("essays/a.md", "---\ntitle: A\nsummary: >-\n  one\n  two\n---\n", []),
        ("essays/a.md", GOOD.replace("[power, coercion]", "power"), [("pages.bad-list", 4)]),
        ("essays/a.md", GOOD.replace("[power, coercion]", "[power, 3]"), [("pages.bad-list", 4)]),
        ("essays/a.md", GOOD + "", []),
        ("essays/a.md", GOOD.replace("---\n#", "nocite: x\n---\n#"), [("pages.bad-list", 5)]),
        # the page type
        ("misc/a.md", "---\ntitle: A\n---\n", [("pages.missing-type", 1)]),
        ("a.md", "# A\n", [("pages.missing-type", 1)]),
        ("misc/a.md", GOOD.replace("tags:", "type: project\ntags:"), []),
        (
            "essays/a.md",
            GOOD.replace("tags:", "type: projet\ntags:"),
            [("pages.unknown-type", 4)],
        ),
        # unknown keys are advice, with the nearest known key
        ("essays/a.md", GOOD.replace("tags:", "sumary: x\ntags:"), [("pages.unknown-key", 4)]),
    ],
)
def test_front_matter_table(src_path, text, expected):
    assert _codes(src_path, text) == expected


def test_the_type_comes_from_front_matter_then_folder_and_site_pages_have_none():
    assert check_front_matter("essays/a.md", GOOD, SCHEMA, "x").type == "critique"
    typed = GOOD.replace("tags:", "type: project\ntags:")
    assert check_front_matter("essays/a.md", typed, SCHEMA, "x").type == "project"
    assert check_front_matter("essays/index.md", "# E\n", SCHEMA, "x").type is None


def test_messages_name_the_fix():
    front = check_front_matter(
        "essays/a.md", GOOD.replace("tags:", "type: projet\ntags:"), SCHEMA, "docs/essays/a.md"
    )
    (diagnostic,) = front.diagnostics
    assert diagnostic.format() == (
        "docs/essays/a.md:4: page type 'projet' is not one of critique, project, concept"
        " — did you mean 'project'? [pages.unknown-type]"
    )
    unknown = check_front_matter("essays/a.md", GOOD + "", SCHEMA, "p")
    assert unknown.diagnostics == []


def test_key_lines_count_the_opening_delimiter():
    front = read_front_matter("---\ntitle: A\n\nsummary: B\n---\n", "p")
    assert front.key_lines == {"title": 2, "summary": 4}
    assert front.meta == {"title": "A", "summary": "B"}


def test_extra_keys_are_accepted():
    schema = PageSchema(types_by_folder={"essays": "critique"}, extra_keys=frozenset({"weight"}))
    front = check_front_matter(
        "essays/a.md", GOOD.replace("tags:", "weight: 3\ntags:"), schema, "p"
    )
    assert front.diagnostics == []


def test_a_value_yaml_cannot_make_is_named_with_its_key():
    front = check_front_matter("essays/a.md", "---\ndate: 2024-02-30\n---\n", SCHEMA, "docs/a.md")
    assert [d.format() for d in front.diagnostics] == [
        "docs/a.md:2: the value of 'date' looks like a date or number but is none (day is "
        "out of range for month), so MkDocs ignores all of the front matter — correct it "
        "(dates are YYYY-MM-DD), or quote it to keep it as text [pages.yaml-error]"
    ]
