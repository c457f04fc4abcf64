"""Citation notes of a note style as a reader meets them in Chromium: beside the margin
notes on a wide screen, behind a button on a phone, by keyboard, without JavaScript and in
print. The real site is built from a copy with ``style: chicago-notes-bibliography``;
screenshots at desktop and phone width are kept in test-artifacts/."""

from __future__ import annotations

import functools
import http.server
import itertools
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from tests.notes.real_site import REPO, copy_with_style

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
ESSAY = "essays/co-production-who-is-co-producing-what/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def note_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("note-style")
    config = copy_with_style(root / "project")
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        check=True,
        capture_output=True,
    )
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium(browser):
    # The session's one Chromium (conftest): a second Playwright beside it cannot start.
    return browser


def _open(chromium, url: str, width: int, height: int = 900, **options):
    context = chromium.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + ESSAY)
    page.wait_for_load_state("networkidle")
    return context, page, errors


def _keep(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_wide_screen_citation_notes_sit_beside_the_margin_notes_without_overlap(
    chromium, note_site
):
    context, page, errors = _open(chromium, note_site, 1400)
    page.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    citations = page.locator(".mg-note--citation")
    margin = page.locator(".mg-note:not(.mg-note--citation)")
    assert citations.count() >= 3 and margin.count() >= 1
    toc = page.locator(".md-sidebar--secondary .md-nav").bounding_box()
    boxes = []
    for note in [*citations.all(), *margin.all()]:
        box = note.bounding_box()
        assert box is not None
        block = note.locator("xpath=ancestor::div[@class='mg-annotated'][1]/*[1]").bounding_box()
        assert block is not None
        assert box["x"] >= block["x"] + block["width"]  # right of its paragraph
        assert toc is None or box["x"] + box["width"] <= toc["x"] + 1  # left of the contents
        boxes.append(box)
    boxes.sort(key=lambda b: b["y"])
    for upper, lower in itertools.pairwise(boxes):
        assert lower["y"] >= upper["y"] + upper["height"] - 0.5  # no two overlap
    # The first note is level with the line of its citation.
    first = citations.first
    back = first.locator(".mg-note__back").get_attribute("href")
    mark = page.locator(back).bounding_box()
    assert mark and abs(first.bounding_box()["y"] - mark["y"]) < 30
    # The footnotes do not repeat, on screen, what is beside the text.
    assert not page.locator("li.mg-cnote--beside").first.is_visible()
    _keep(page, "sidenotes-desktop")
    assert errors == []
    context.close()


def test_phone_width_shows_each_citation_note_behind_a_button(chromium, note_site):
    context, page, errors = _open(chromium, note_site, 390, 844)
    note = page.locator(".mg-note--citation").first
    toggle = note.locator(".mg-note__toggle")
    body = note.locator(".mg-note__body")
    assert toggle.is_visible() and toggle.inner_text().startswith("Citation ")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not body.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and body.is_visible()
    _keep(page, "sidenotes-phone")
    page.keyboard.press("Space")
    assert not body.is_visible()
    # Following the note mark opens its note.
    number = note.get_attribute("id")
    page.locator(f'a.mg-cite__link[href="#{number}"]').click()
    assert body.is_visible()
    assert errors == []
    context.close()


def test_a_note_mark_is_reached_by_keyboard_and_previews_the_reference(chromium, note_site):
    context, page, _ = _open(chromium, note_site, 1400)
    mark = page.locator(".mg-cnote-ref a.mg-cite__link").first
    preview = page.locator(".mg-cnote-ref .mg-cite__preview").first
    assert not preview.is_visible()
    for _ in range(400):  # Tab through the page until the first note mark has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.mg-cnote-ref') !== null"):
            break
    assert page.evaluate("document.activeElement.classList.contains('mg-cite__link')")
    assert mark.get_attribute("aria-describedby") == preview.get_attribute("id")
    assert preview.is_visible()
    page.keyboard.press("Escape")
    assert not preview.is_visible()
    context.close()


def test_without_javascript_every_note_is_readable(chromium, note_site):
    context, page, _ = _open(chromium, note_site, 390, 844, java_script_enabled=False)
    assert page.locator(".mg-note--citation .mg-note__body").first.is_visible()
    context.close()


def test_print_has_real_footnotes_instead_of_sidenotes(chromium, note_site):
    context, page, _ = _open(chromium, note_site, 1400)
    page.emulate_media(media="print")
    assert not page.locator(".mg-note--citation").first.is_visible()
    items = page.locator(".footnote li.mg-cnote")
    assert items.count() >= 3 and items.first.is_visible()
    assert items.first.get_attribute("value") is not None
    context.close()
