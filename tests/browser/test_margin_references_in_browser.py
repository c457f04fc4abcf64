"""References in the margin (``citation_location: margin``, an author-date style) as a
reader meets them in Chromium: beside the paragraph that first cites each work on a wide
screen, clear of the margin notes; behind a button on a phone; readable without
JavaScript; in print, the page's reference list. Screenshots at desktop and phone width
are kept in test-artifacts/."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from accessibility import assert_no_serious_violation
from tests.notes.real_site import copy_with_style
from tour import ESSAY

from conftest import DESKTOP, PHONE, Reader, _reader, _serve

pytestmark = pytest.mark.browser

WIDE = {"width": 1400, "height": 900}


def _with_margin_references(project: Path) -> Path:
    config = copy_with_style(project, "apa")
    settings = yaml.safe_load(config.read_text("utf-8"))
    for plugin in settings["plugins"]:
        if isinstance(plugin, dict) and "marginalia" in plugin:
            plugin["marginalia"]["citations"]["citation_location"] = "margin"
    config.write_text(yaml.safe_dump(settings, sort_keys=False), "utf-8")
    return config


@pytest.fixture(scope="module")
def margin_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("margin-references")
    config = _with_margin_references(root / "project")
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        check=True,
        capture_output=True,
    )
    yield from _serve(site)


@pytest.fixture
def wide(browser, margin_site) -> Iterator[Reader]:
    yield from _reader(browser, margin_site, WIDE)


@pytest.fixture
def phone(browser, margin_site) -> Iterator[Reader]:
    yield from _reader(browser, margin_site, PHONE)


def test_wide_screen_references_sit_beside_their_paragraphs_without_overlap(wide):
    page = wide.open(ESSAY)
    page.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    references = page.locator(".mg-note--reference")
    margin = page.locator(".mg-note:not(.mg-note--reference)")
    assert references.count() >= 2 and margin.count() >= 1
    toc = page.locator(".md-sidebar--secondary .md-nav").bounding_box()
    boxes = []
    for note in [*references.all(), *margin.all()]:
        assert note.is_visible()
        box = note.bounding_box()
        block = note.locator("xpath=ancestor::div[@class='mg-annotated'][1]/*[1]").bounding_box()
        assert box is not None and block is not None
        assert box["x"] >= block["x"] + block["width"]  # right of its paragraph
        assert toc is None or box["x"] + box["width"] <= toc["x"] + 1  # left of the contents
        boxes.append(box)
    boxes.sort(key=lambda b: b["y"])
    for upper, lower in itertools.pairwise(boxes):
        assert lower["y"] >= upper["y"] + upper["height"] - 0.5  # no two overlap
    # Each reference is the work's full entry, and its back link leads to a citation of it.
    for note in references.all():
        body = note.locator(".mg-note__body")
        assert body.is_visible() and len(body.inner_text().strip()) > 20
        back = note.locator(".mg-note__back").get_attribute("href")
        assert back and page.locator(back).count() == 1
    wide.screenshot("margin-references-desktop")


def test_wide_screen_references_are_reached_by_keyboard_and_pass_axe(wide):
    page = wide.open(ESSAY)
    page.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    for _ in range(600):  # Tab through the page until a link inside a reference has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.mg-note--reference') !== null"):
            break
    assert page.evaluate("document.activeElement.closest('.mg-note--reference') !== null")
    note = page.locator(".mg-note--reference").first
    assert note.get_attribute("role") == "note"
    label = page.locator("#" + note.get_attribute("aria-labelledby"))
    assert label.inner_text().startswith("Reference ")
    assert_no_serious_violation(page)


def test_phone_width_shows_each_reference_behind_a_button(phone):
    page = phone.open(ESSAY)
    note = page.locator(".mg-note--reference").first
    toggle = note.locator(".mg-note__toggle")
    body = note.locator(".mg-note__body")
    assert toggle.is_visible() and toggle.inner_text().startswith("Reference ")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not body.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and body.is_visible()
    phone.screenshot("margin-references-phone")
    assert_no_serious_violation(page, ".md-content")
    page.keyboard.press("Space")
    assert not body.is_visible()


def test_without_javascript_every_reference_is_readable(browser, margin_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(margin_site + ESSAY)
    notes = page.locator(".mg-note--reference .mg-note__body")
    assert notes.count() >= 2
    for body in notes.all():
        assert body.is_visible()
    context.close()


def test_print_keeps_every_reference_in_the_page_list(browser, margin_site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(margin_site + ESSAY)
    page.wait_for_load_state("networkidle")
    texts = [
        " ".join(b.inner_text().split())
        for b in page.locator(".mg-note--reference .mg-note__body").all()
    ]
    page.emulate_media(media="print")
    assert not page.locator(".mg-note--reference").first.is_visible()
    listing = page.locator(".mg-references")
    assert listing.is_visible()
    printed = " ".join(listing.inner_text().split())
    for text in texts:  # each margin reference is in the printed list
        assert text[:40] in printed, text
    context.close()
