"""Links to other pages show that page's title and summary on keyboard focus and on hover."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PREVIEW = "#marginalia-link-preview"


def tab_to(page, locator, limit: int = 80) -> None:
    """Press Tab until ``locator`` has the keyboard focus, as a keyboard user would."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return
    raise AssertionError(f"{locator} never received keyboard focus in {limit} Tab presses")


def _first_preview_link(page):
    link = page.locator("article a[data-preview-title]").first
    assert link.count() == 1, "no link with a page preview in the article"
    return link


def test_keyboard_focus_shows_title_and_summary_as_a_tooltip(reader):
    page = reader.open("")
    link = _first_preview_link(page)
    tab_to(page, link)
    tooltip = page.locator(PREVIEW)
    tooltip.wait_for(state="visible")
    assert tooltip.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-describedby") == "marginalia-link-preview"
    assert tooltip.locator(".marginalia-preview__title").inner_text() == link.get_attribute(
        "data-preview-title"
    )
    summary = link.get_attribute("data-preview-summary") or ""
    summary_node = tooltip.locator(".marginalia-preview__summary")
    assert summary_node.text_content() == summary
    assert summary_node.is_visible() == bool(summary)
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")
    assert link.get_attribute("aria-describedby") is None


def test_hover_shows_the_preview_and_leaving_hides_it(reader):
    page = reader.open("")
    link = _first_preview_link(page)
    link.hover()
    tooltip = page.locator(PREVIEW)
    tooltip.wait_for(state="visible")
    assert link.get_attribute("data-preview-title") in tooltip.inner_text()
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden")


def test_preview_fits_a_phone_screen(phone_reader):
    page = phone_reader.open("")
    links = page.locator("article a[data-preview-title]")
    assert links.count() >= 1
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        link.focus()
        tooltip = page.locator(PREVIEW)
        tooltip.wait_for(state="visible")
        box = tooltip.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390
    phone_reader.screenshot("link-preview-phone", full_page=False)
