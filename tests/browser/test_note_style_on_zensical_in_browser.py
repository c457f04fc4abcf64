"""Citation notes of a note style on the site as Zensical builds it (with marginalia's
driver): beside the margin notes without overlap on a wide screen, behind a button on a
phone, by keyboard, without JavaScript and in print. The sidenote tests' own, run on a
Zensical build of the real site in ``chicago-notes-bibliography`` (one build for the
module); screenshots at desktop and phone width are kept in test-artifacts/."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator

import pytest
import test_sidenotes_in_browser
from accessibility import assert_no_serious_violation
from test_sidenotes_in_browser import (  # noqa: F401
    _keep,
    _open,
    test_a_note_mark_is_reached_by_keyboard_and_previews_the_reference,
    test_print_has_real_footnotes_instead_of_sidenotes,
    test_without_javascript_every_note_is_readable,
)
from tests.notes.real_site import copy_with_style

from conftest import ENGINE_BUILDS, _serve

pytestmark = pytest.mark.browser

# The session's one Chromium, under the name the imported tests ask for.
chromium = test_sidenotes_in_browser.chromium


@pytest.fixture(scope="module")
def note_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site in a note style, as Zensical builds it, for every test of this module."""
    root = tmp_path_factory.mktemp("note-style-zensical")
    config = copy_with_style(root / "project")
    site = root / "site"
    subprocess.run(
        [sys.executable, *ENGINE_BUILDS["zensical"], str(site)],
        cwd=config.parent,
        check=True,
        capture_output=True,
    )
    yield from _serve(site)


def test_wide_screen_citation_notes_sit_beside_the_margin_notes_on_zensical(chromium, note_site):
    context, page, errors = _open(chromium, note_site, 1400)
    page.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    citations = page.locator(".mg-note--citation")
    margin = page.locator(".mg-note:not(.mg-note--citation)")
    assert citations.count() >= 3 and margin.count() >= 1
    toc = page.locator(".md-sidebar--secondary .md-nav").bounding_box()
    boxes = []
    for note in [*citations.all(), *margin.all()]:
        box = note.bounding_box()
        block = note.locator("xpath=ancestor::div[@class='mg-annotated'][1]/*[1]").bounding_box()
        assert box is not None and block is not None
        assert box["x"] >= block["x"] + block["width"]  # right of its paragraph
        assert toc is None or box["x"] + box["width"] <= toc["x"] + 1  # left of the contents
        boxes.append(box)
    boxes.sort(key=lambda b: b["y"])
    for upper, lower in itertools.pairwise(boxes):
        assert lower["y"] >= upper["y"] + upper["height"] - 0.5  # no two overlap
    first = citations.first
    mark = page.locator(first.locator(".mg-note__back").get_attribute("href")).bounding_box()
    assert mark and abs(first.bounding_box()["y"] - mark["y"]) < 30  # level with its mark
    assert not page.locator("li.mg-cnote--beside").first.is_visible()
    _keep(page, "sidenotes-zensical-desktop")
    assert_no_serious_violation(page)
    assert errors == []
    context.close()


def test_phone_width_shows_each_citation_note_behind_a_button_on_zensical(chromium, note_site):
    context, page, errors = _open(chromium, note_site, 390, 844)
    note = page.locator(".mg-note--citation").first
    toggle = note.locator(".mg-note__toggle")
    body = note.locator(".mg-note__body")
    assert toggle.is_visible() and toggle.inner_text().startswith("Citation ")
    assert toggle.get_attribute("aria-expanded") == "false" and not body.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and body.is_visible()
    _keep(page, "sidenotes-zensical-phone")
    page.keyboard.press("Space")
    assert not body.is_visible()
    page.locator(f'a.mg-cite__link[href="#{note.get_attribute("id")}"]').click()
    assert body.is_visible()  # following the note mark opens its note
    assert errors == []
    context.close()
