"""A tiny knowledge base shared by the tag tests: three types of page, a small vocabulary."""

from __future__ import annotations

import re

import pytest

VOCABULARY = """\
tags:
  power:
    label: Power
    description: Who decides.
  coercion:
    label: Coercion
    parent: power
    aliases: [compulsion]
    description: Services imposed on people.
  well-being:
    label: Well-being
    aliases: [wellbeing]
    description: How people fare.
  recovery:
    description: Recovering and staying well.
"""

PAGES = {
    "docs/index.md": "# Home\n\nSee [the reading](essays/reading.md).\n",
    "docs/essays/reading.md": """\
        ---
        title: A reading
        summary: A close reading of an essay.
        tags: [coercion, wellbeing]
        ---

        # A reading

        About [up2us](../projects/up2us.md) and [power](../concepts/power.md#who).

        ## Who decides { #who-decides data-tags="power compulsion" }

        Text.
        """,
    "docs/essays/second.md": """\
        ---
        title: Second reading
        summary: Another essay.
        tags: [coercion]
        ---

        # Second reading

        Back to [the first](reading.md).
        """,
    "docs/projects/up2us.md": """\
        ---
        title: up2us
        summary: Pooled personal budgets.
        tags: [well-being]
        ---

        # up2us

        Discussed in [a reading](../essays/reading.md).
        """,
    "docs/concepts/power.md": """\
        ---
        title: Power
        summary: Who decides what a service is for.
        tags: [power, coercion]
        ---

        # Power

        ## Who { #who }

        Text.
        """,
}

PLUGIN = {
    "pages": {
        "types_by_folder": {"essays": "critique", "projects": "project", "concepts": "concept"}
    },
    "tags": {"vocabulary": "data/tags.yml", "graph_file": "graph.json"},
}


@pytest.fixture
def knowledge_base(build_site):
    """Build the tiny knowledge base, with any file replaced or added."""

    def build(extra: dict[str, str] | None = None, *, plugin: dict | None = None, **kwargs):
        files = {"data/tags.yml": VOCABULARY, **PAGES, **(extra or {})}
        return build_site(files, plugin=plugin or PLUGIN, **kwargs)

    return build


def article(html: str) -> str:
    """The page's own content, without the theme around it."""
    match = re.search(
        r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', html, re.S
    )
    assert match, "no article in page"
    return match.group(1).strip()


def section(html: str, start: str, end: str | None = None) -> str:
    """The HTML from ``start`` up to ``end`` (or the end), to assert on one part of a page."""
    begin = html.index(start)
    stop = html.index(end, begin) if end else len(html)
    return html[begin:stop]
