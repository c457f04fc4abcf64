"""On a phone (390×844) the essay's notes, tags and related pages stay usable: nothing is
wider than the screen, and each can be reached and read."""

from __future__ import annotations

import pytest
from tour import ESSAY, PROJECT, TAG

pytestmark = pytest.mark.browser


def _inside_screen(page, locator) -> None:
    width = page.viewport_size["width"]
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (locator, box)


@pytest.mark.parametrize("path", [ESSAY, PROJECT, TAG])
def test_no_page_is_wider_than_the_phone(phone_reader, path):
    page = phone_reader.open(path)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_notes_tags_and_related_pages_on_a_phone(phone_reader):
    page = phone_reader.open(ESSAY)
    # Tags: every chip is on screen and leads to its tag page.
    chips = page.locator("article .md-tag")
    assert chips.count() > 0
    for index in range(chips.count()):
        _inside_screen(page, chips.nth(index))
    # Margin notes fold into the text; following a note number opens the note in place.
    marker = page.locator("article .mg-ref a").first
    note_id = marker.get_attribute("href").removeprefix("#")
    body = page.locator(f'[id="{note_id}-body"]')
    marker.scroll_into_view_if_needed()
    marker.click()
    body.wait_for(state="visible")
    _inside_screen(page, body)
    assert len(body.inner_text()) > 20
    phone_reader.screenshot("essay-note-open-phone", full_page=False)
    # Related pages: listed, on screen, and followable.
    related = page.locator("ul.mg-related a").first
    related.scroll_into_view_if_needed()
    _inside_screen(page, related)
    href = related.get_attribute("href")
    related.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(href.removeprefix("../.."))
