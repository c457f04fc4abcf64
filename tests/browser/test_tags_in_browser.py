"""A reader opens a tag from the essay: the tag page lists the essay and every project and
concept that carries the tag."""

from __future__ import annotations

import pytest
from tour import ESSAY, front_matter, pages_tagged

pytestmark = pytest.mark.browser

ESSAY_SOURCE = "essays/co-production-who-is-co-producing-what.md"


def _listed(page) -> set[str]:
    """Site paths of the pages the tag page lists (its listings, not its passages)."""
    hrefs = page.locator(".mg-tag-listing ul.mg-tag-pages a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    return {href.lstrip("/") for href in hrefs}


def test_every_tag_of_the_essay_leads_to_a_page_listing_it_and_the_projects(reader):
    tags = front_matter(ESSAY_SOURCE)["tags"]
    page = reader.open(ESSAY)
    chips = page.locator("article .md-tag")
    assert chips.count() == len(tags)
    projects_seen = 0
    for index, tag in enumerate(tags):
        page.locator("article .md-tag").nth(index).click()
        page.wait_for_url(f"**/tags/{tag}/", wait_until="domcontentloaded")
        expected = {ESSAY} | {
            src.removesuffix(".md") + "/"
            for folder in ("projects", "concepts")
            for src in pages_tagged(tag, folder)
        }
        assert _listed(page) == expected, tag
        projects_seen += len(pages_tagged(tag, "projects"))
        page.go_back(wait_until="domcontentloaded")
    assert projects_seen > 0, "no tag of the essay is shared by a project"
