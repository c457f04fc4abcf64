"""Every fault names a file a contributor can open: a data file, not a generated page;
the page that includes a missing snippet, not ``mkdocs.yml``; and no fault hides another."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from marginalia.checks.__main__ import run_check

BIB = """\
@book{cahn2000nomore,
  author    = {Cahn, Edgar S.},
  title     = {No More Throw-Away People},
  publisher = {Essential Books},
  year      = {2000}
}
"""

VOCABULARY = """\
tags:
  power:
    label: Power
    description: Who decides [@cahn2000nomore].
  coercion:
    label: Coercion
    parent: power
    description: >-
      Services imposed on people rather than chosen by them, as
      [@cahn2000nomre] describes; see also [the first essay](../essays/a.md#nowhere)
      and <q>an uncited phrase</q>.
"""

PAGES = {
    "docs/index.md": "# Home\n",
    "docs/essays/a.md": """
        ---
        title: A
        summary: The first essay.
        tags: [power, coercion]
        ---
        # A

        Text [@cahn2000nomore].
        """,
}


def _project(tmp_path: Path, files: dict[str, str], extensions: list | None = None) -> Path:
    root = tmp_path / "project"
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    config = {
        "site_name": "Fixture",
        "site_url": "https://example.org/kb/",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": ["attr_list", "toc", *(extensions or [])],
        "validation": {"anchors": "warn", "unrecognized_links": "warn"},
        "plugins": [
            {
                "marginalia": {
                    "pages": {"types_by_folder": {"essays": "critique"}},
                    "citations": {"bibliography": ["bib/refs.bib"], "report_uncited": False},
                    "tags": {"vocabulary": "data/tags.yml", "nav": False},
                }
            }
        ],
        "nav": ["index.md", *sorted(p[len("docs/") :] for p in files if p.startswith("docs/"))],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def _line(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    (number,) = [n for n, line in enumerate(lines, start=1) if needle in line]
    return number


def test_faults_in_a_tag_description_are_reported_at_the_vocabulary_line(tmp_path):
    root = _project(
        tmp_path, {**PAGES, "bib/refs.bib": BIB, "data/tags.yml": VOCABULARY}, ["md_in_html"]
    )
    found = [(d.path, d.line, d.code) for d in run_check(root / "mkdocs.yml")]
    tags = "data/tags.yml"
    assert (tags, _line(root, tags, "@cahn2000nomre"), "citations.unknown-key") in found
    assert (tags, _line(root, tags, "#nowhere"), "links.missing-anchor") in found
    # A fault with no more precise place is at the description's first line.
    assert (tags, _line(root, tags, "description: >-"), "annotations.uncited-quote") in found
    assert not [f for f in found if "tags/" in f[0]], found


MISSING_SNIPPET_PAGES = {
    **PAGES,
    "docs/essays/b.md": """
        ---
        title: B
        summary: The second essay.
        ---
        # B

        --8<-- "present.md"

        Between the snippets.

        --8<-- "absent.md"

        And [a broken link](nowhere.md).
        """,
    "docs/snippets/present.md": 'Included text, which includes another.\n\n--8<-- "gone.md"\n',
}


def test_a_missing_snippet_is_reported_at_its_page_and_line_with_every_other_fault(tmp_path):
    files = {**MISSING_SNIPPET_PAGES, "bib/refs.bib": BIB, "data/tags.yml": VOCABULARY}
    snippets = {"pymdownx.snippets": {"base_path": ["docs/snippets"], "check_paths": True}}
    root = _project(tmp_path, files, [snippets])
    found = run_check(root / "mkdocs.yml")
    where = [(d.path, d.line, d.code) for d in found]
    page = "docs/essays/b.md"
    assert (page, _line(root, page, "absent.md"), "pages.missing-snippet") in where
    nested = "docs/snippets/present.md"
    assert (nested, _line(root, nested, "gone.md"), "pages.missing-snippet") in where
    assert (page, _line(root, page, "nowhere.md"), "links.broken") in where
    assert ("data/tags.yml", _line(root, "data/tags.yml", "@cahn2000nomre")) in [
        w[:2] for w in where
    ]
    assert not [d for d in found if d.code.startswith("build.")], found
    (missing,) = [d for d in found if d.path == page and d.code == "pages.missing-snippet"]
    assert "'absent.md'" in missing.message and "docs/snippets" in missing.fix
    built = (root / "site" / "essays" / "b" / "index.html").read_text(encoding="utf-8")
    assert "Included text" in built and "Between the snippets" in built
