"""Margin notes as a reader meets them, in headless Chromium: margin, inline, keyboard, print."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
import yaml

pytestmark = pytest.mark.browser

FILLER = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud."
)
PAGE = f"""\
# An annotated page

## First

{FILLER} The essay says that [co-production is a market idea]{{>market}}. {FILLER}

/// annotation | market
    tags: [coercion]

A note with a [link](#first) and *emphasis*.
///

{FILLER}

## Second

{FILLER}

A short paragraph with [a long note]{{>long}}.

/// annotation | long
{FILLER} {FILLER} {FILLER}
///

Another short paragraph with [its own note]{{>next}}.

/// annotation | next
A short note.
///
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def note_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("notes")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text(PAGE, encoding="utf-8")
    config = {
        "site_name": "Notes",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": ["attr_list", "toc"],
        "plugins": ["marginalia"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _open(chromium, url: str, width: int, **options):
    context = chromium.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, errors


def test_wide_screen_note_sits_in_the_margin_beside_its_paragraph(chromium, note_site):
    context, page, errors = _open(chromium, note_site, 1400)
    paragraph = page.locator(".mg-annotated > p").first.bounding_box()
    note = page.locator("#note-market").bounding_box()
    toc = page.locator(".md-sidebar--secondary .md-nav").bounding_box()
    assert paragraph and note and toc
    assert note["x"] >= paragraph["x"] + paragraph["width"]  # right of the text
    assert note["x"] + note["width"] <= toc["x"]  # left of the table of contents
    page.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    note = page.locator("#note-market").bounding_box()
    passage = page.locator("#passage-market").bounding_box()
    assert note and passage
    assert abs(note["y"] - passage["y"]) < 3  # level with the line of its passage
    assert page.locator(".mg-note__toggle").count() == 0
    assert errors == []
    context.close()


def test_narrow_screen_note_is_a_keyboard_operable_inline_toggle(chromium, note_site):
    context, page, errors = _open(chromium, note_site, 400)
    toggle = page.locator("#note-market .mg-note__toggle")
    body = page.locator("#note-market-body")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "note-market-body"
    assert not body.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert body.is_visible()
    page.keyboard.press("Space")
    assert not body.is_visible()
    # Following the note number from the passage opens the note.
    page.locator("#passage-market + .mg-ref a").click()
    assert body.is_visible()
    # ... and again after it was closed, when the address already names it.
    toggle.click()
    assert not body.is_visible()
    page.locator("#passage-market + .mg-ref a").click()
    assert body.is_visible()
    assert errors == []
    context.close()


def test_passage_is_focusable_and_described_by_its_note(chromium, note_site):
    context, page, _ = _open(chromium, note_site, 1400)
    passage = page.locator("#passage-market")
    passage.focus()
    assert page.evaluate("document.activeElement.id") == "passage-market"
    assert passage.get_attribute("aria-describedby") == "note-market-body"
    note = page.locator("#note-market")
    assert note.get_attribute("role") == "note"
    assert page.locator("#note-market-label").inner_text() == "Note 1"
    context.close()


def test_without_javascript_narrow_notes_are_shown_in_full(chromium, note_site):
    context, page, _ = _open(chromium, note_site, 400, java_script_enabled=False)
    assert page.locator("#note-market-body").is_visible()
    context.close()


def test_printed_page_keeps_numbered_notes_in_full(chromium, note_site):
    context, page, _ = _open(chromium, note_site, 400)
    assert not page.locator("#note-market-body").is_visible()  # collapsed on screen
    page.emulate_media(media="print")
    assert page.locator("#note-market-body").is_visible()
    head = page.locator("#note-market .mg-note__head")
    assert head.is_visible()
    assert head.inner_text().startswith("Note 1")
    assert not page.locator("#note-market .mg-note__permalink").is_visible()
    context.close()


def test_long_notes_stack_in_the_margin_without_opening_gaps_in_the_text(chromium, note_site):
    context, page, errors = _open(chromium, note_site, 1400)
    page.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    first_text = page.locator("#passage-long").locator("xpath=..").bounding_box()
    second_text = page.locator("#passage-next").locator("xpath=..").bounding_box()
    first_note = page.locator("#note-long").bounding_box()
    second_note = page.locator("#note-next").bounding_box()
    assert first_text and second_text and first_note and second_note
    # The text runs on as usual: the long note does not push the next paragraph down.
    assert second_text["y"] - (first_text["y"] + first_text["height"]) < 40
    # The second note starts below the first instead of overlapping it.
    assert second_note["y"] >= first_note["y"] + first_note["height"]
    assert errors == []
    context.close()


def test_printing_a_wide_page_drops_the_margin_layout(chromium, note_site):
    context, page, _ = _open(chromium, note_site, 1400)
    page.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    page.emulate_media(media="print")
    # On screen the next note is pushed down by the long one above it; in print it is not.
    text = page.locator("#passage-next").locator("xpath=..").bounding_box()
    note = page.locator("#note-next").bounding_box()
    assert text and note
    # The note follows its paragraph in the flow, at the paragraph's left edge.
    assert abs(note["x"] - text["x"]) < 2
    assert 0 <= note["y"] - (text["y"] + text["height"]) < 40
    context.close()
