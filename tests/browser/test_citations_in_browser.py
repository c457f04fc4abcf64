"""A reader follows the citations: a preview of the full reference on keyboard focus, and
from the Bibliography back to the passage that cites a work."""

from __future__ import annotations

import re

import pytest
from test_link_previews_in_browser import tab_to
from tour import BIBLIOGRAPHY, ESSAY

pytestmark = pytest.mark.browser


def test_keyboard_focus_on_a_citation_shows_the_full_reference(reader):
    page = reader.open(ESSAY)
    link = page.locator("article .mg-cite__link").filter(visible=True).first
    tab_to(page, link)
    preview = page.locator("#" + link.get_attribute("aria-describedby"))
    preview.wait_for(state="visible")
    assert preview.get_attribute("role") == "tooltip"
    key = link.get_attribute("href").removeprefix("#ref-")
    # The preview says what the page's own reference list says about the work.
    reference = page.locator(f'[id="ref-{key}"]').first.inner_text()
    shown = preview.inner_text()
    assert len(shown) > 40
    assert _words(shown)[:8] == _words(reference)[:8]
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")


def test_cited_in_link_on_the_bibliography_lands_on_the_citing_passage(reader):
    page = reader.open(BIBLIOGRAPHY)
    cited_in = page.locator(f'.mg-bibliography__meta a[href*="{ESSAY}#cite-"]').first
    href = cited_in.get_attribute("href")
    key = href.rsplit("#cite-", 1)[1]
    cited_in.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(ESSAY + "#cite-" + key)
    target = page.locator(f'[id="cite-{key}"]')
    assert key in target.get_attribute("data-cites").split()
    assert target.is_visible()
    box = target.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] < viewport["height"], "not scrolled into view"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)
