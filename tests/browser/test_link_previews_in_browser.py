"""Links to other pages show that page's title and summary on keyboard focus and on hover."""

from __future__ import annotations

import pytest
from tour import ESSAY, front_matter

pytestmark = pytest.mark.browser

PREVIEW = "#marginalia-link-preview"


def tab_to(page, locator, limit: int = 200) -> None:
    """Press Tab until ``locator`` has the keyboard focus, as a keyboard user would."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return
    raise AssertionError(f"{locator} never received keyboard focus in {limit} Tab presses")


def _link(page, href: str):
    # The first such link a reader can see (on a phone, margin notes start folded).
    return page.locator(f'article a[href="{href}"]:not(.md-tag)').filter(visible=True).first


def test_keyboard_focus_shows_title_and_summary_as_a_tooltip(reader):
    page = reader.open(ESSAY)
    expected = front_matter("projects/mind.md")
    link = _link(page, "../../projects/mind/")
    tab_to(page, link)
    tooltip = page.locator(PREVIEW)
    tooltip.wait_for(state="visible")
    assert tooltip.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-describedby") == "marginalia-link-preview"
    assert tooltip.locator(".marginalia-preview__title").inner_text() == expected["title"]
    assert tooltip.locator(".marginalia-preview__summary").inner_text() == expected["summary"]
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None


def test_hover_shows_the_preview_and_leaving_hides_it(reader):
    page = reader.open(ESSAY)
    expected = front_matter("concepts/power.md")
    link = _link(page, "../../concepts/power/")
    link.hover()
    tooltip = page.locator(PREVIEW)
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().splitlines() == [expected["title"], expected["summary"]]
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden")


def test_links_within_the_page_or_with_nothing_new_to_say_get_no_preview(reader):
    page = reader.open(ESSAY)
    page.locator("article a.headerlink").first.focus()
    page.locator('article a[href^="#note-"]').first.focus()
    # A tag chip says "Coercion"; its page has no summary, so a preview would only repeat it.
    page.locator("article a.md-tag").first.focus()
    page.wait_for_timeout(300)
    assert page.locator(PREVIEW).count() == 0 or page.locator(PREVIEW).is_hidden()


def test_preview_fits_a_phone_screen(phone_reader):
    page = phone_reader.open(ESSAY)
    width = page.viewport_size["width"]
    for href in ("../../projects/mind/", "../../concepts/power/", "../../projects/up2us/"):
        link = _link(page, href)
        link.scroll_into_view_if_needed()
        link.focus()
        tooltip = page.locator(PREVIEW)
        tooltip.wait_for(state="visible")
        box = tooltip.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, href
    phone_reader.screenshot("link-preview-phone", full_page=False)
