"""Golden files for the rendered HTML of a page's citations and reference list.

Each ``golden/<name>.md`` is built in a tiny site and the page's content (from its first
heading to the end) is compared with ``golden/<name>.html``. After an intended change,
regenerate them with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/citations`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


def _content(page_html: str) -> str:
    start = page_html.index("<h1")
    end = page_html.index("</article>")
    # Material appends the page footer block inside the article; it is not ours.
    return page_html[start:end].rstrip() + "\n"


def _compare(actual: str, expected_file: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"no golden file {expected_file.name}: run with UPDATE_GOLDEN=1"
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", CASES)
def test_rendered_html_matches_the_golden_file(build_site, name):
    site = build_site(
        {
            "docs/index.md": (GOLDEN / f"{name}.md").read_text(encoding="utf-8"),
            "docs/bibliography.md": "# Bibliography\n",
            "bib/golden.bib": (GOLDEN / "golden.bib").read_text(encoding="utf-8"),
        },
        plugin={"citations": {"bibliography": ["bib/golden.bib"], "style": "apa"}},
        config={
            "markdown_extensions": [
                "attr_list",
                "footnotes",
                "admonition",
                "md_in_html",
                "tables",
                "toc",
            ]
        },
    )
    actual = _content(site.html(""))
    expected_file = GOLDEN / f"{name}.html"
    _compare(actual, expected_file)


def test_the_golden_bibliography_page(build_site):
    site = build_site(
        {
            "docs/index.md": (GOLDEN / "basic.md").read_text(encoding="utf-8"),
            "docs/bibliography.md": "# Bibliography\n\nIntro.\n\n<!-- bibliography -->\n",
            "bib/golden.bib": (GOLDEN / "golden.bib").read_text(encoding="utf-8"),
        },
        plugin={"citations": {"bibliography": ["bib/golden.bib"], "style": "apa"}},
    )
    actual = _content(site.html("bibliography/"))
    expected_file = GOLDEN / "bibliography-page.html"
    _compare(actual, expected_file)
