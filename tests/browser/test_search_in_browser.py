"""A reader searches with the header's search box (Pagefind): pages are found by their words,
tags, cited authors and margin-note text; reference lists, "Cite this page" and "Related"
lists do not flood the results; the Bibliography is found by an author's name or a title;
the box works from the keyboard, and every request stays on the site."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from urllib.parse import urlsplit

import pytest
from accessibility import assert_no_serious_violation
from tour import BIBLIOGRAPHY, ESSAY, TAG

pytestmark = pytest.mark.browser

BOX = "[data-mg-search] .md-search__input"
LIST = "[data-mg-search] .md-search-result__list"
MORE = f"{LIST} .mg-search-more button"

_RESULTS = """() => [...document.querySelectorAll(
    '[data-mg-search] .md-search-result__list a.md-search-result__link')]
  .map(a => [a.getAttribute('href'), a.querySelector('h1, h2').tagName.toLowerCase(),
             a.querySelector('h1, h2').firstChild.textContent.trim(),
             a.querySelector('p') ? a.querySelector('p').innerHTML : ''])"""


def search(page, query: str) -> list[tuple[str, str, str, str]]:
    """Type ``query`` into the search box; the results as (site path#fragment, h1 or h2,
    title, excerpt HTML), pages as h1 and their headings as h2."""
    box = page.locator(BOX)
    box.click()
    box.fill("")
    page.keyboard.type(query)
    # The script marks the list with the query it shows once that query's results are in.
    page.wait_for_function(
        f"q => document.querySelector('{LIST}').getAttribute('data-mg-query') === q",
        arg=query,
        timeout=15_000,
    )
    # Ten pages are shown at first; "Show more results" adds the next ten.
    while page.locator(MORE).count():
        shown = page.evaluate(f"() => document.querySelector('{LIST}').dataset.mgShown")
        page.locator(MORE).click()
        page.wait_for_function(
            f"n => document.querySelector('{LIST}').dataset.mgShown !== n", arg=shown
        )
    results = []
    for href, level, title, excerpt in page.evaluate(_RESULTS):
        parts = urlsplit(href)
        path = parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")
        results.append((path, level, title, excerpt))
    return results


def pages_in(results: list[tuple[str, str, str, str]]) -> set[str]:
    return {path.split("#", 1)[0] for path, *_ in results}


@pytest.fixture(scope="module")
def page(module_reader):
    """The home page, opened once: every search starts from its search box."""
    return module_reader.open("")


def test_coercion_finds_the_essay_and_the_coercion_tag_page(page):
    found = pages_in(search(page, "coercion"))
    assert ESSAY in found
    assert TAG in found


def test_a_result_has_the_page_title_an_excerpt_with_the_word_marked_and_heading_links(page):
    results = search(page, "coercion")
    titles = {title for path, level, title, _ in results if level == "h1"}
    assert "Coercion" in titles
    excerpts = [excerpt for *_, excerpt in results if excerpt]
    assert excerpts
    assert all(re.search(r"<mark>coercion</mark>", e, re.IGNORECASE) for e in excerpts[:3])
    # Headings of a page come as links to their anchors, under the page's own link.
    assert any("#" in path and level == "h2" for path, level, *_ in results)


def test_pages_sharing_a_title_are_told_apart_by_their_section(page):
    search(page, "coercion")
    shown = page.evaluate(
        f"""() => [...document.querySelectorAll('{LIST} h1')].map(h => h.textContent.trim())"""
    )
    assert "Coercion Concepts" in shown and "Coercion Tags" in shown


def test_words_of_a_margin_note_find_the_essay(page, built_site):
    from bs4 import BeautifulSoup

    html = (built_site / ESSAY / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "lxml").find("article")
    for hidden in article.select("[data-search-exclude]"):
        hidden.decompose()  # citation previews and reference lists: not what we look for
    notes = " ".join(note.get_text(" ") for note in article.select(".mg-note__body"))
    for note in article.select(".mg-note"):
        note.decompose()
    note_only = sorted(_words(notes) - _words(article.get_text(" ")))
    assert len(note_only) >= 3, "the essay's margin notes have no words of their own"
    for word in note_only[:3]:
        assert ESSAY in pages_in(search(page, word)), word


def test_a_cited_author_finds_the_citing_pages_not_their_reference_lists(page):
    results = search(page, "Ostrom")
    found = pages_in(results)
    assert BIBLIOGRAPHY in found
    assert ESSAY in found
    assert "concepts/co-production/" in found
    assert [path for path, *_ in results if "#mg-references" in path] == []
    assert [title for _, _, title, _ in results if title == "References"] == []


def test_words_only_in_reference_lists_find_only_the_bibliography(page):
    # "Retrieved" is written by the citation style in web references, never in the text.
    assert pages_in(search(page, "retrieved")) == {BIBLIOGRAPHY}


def test_cite_this_page_is_not_searchable(page):
    # Every essay's and project's "Cite this page" box holds a BibTeX record, "@misc{...";
    # only Contributing mentions the word in its text.
    assert pages_in(search(page, "misc")) == {"contributing/"}


@pytest.mark.parametrize("query", ["Stephens", "literature review", "Needham"])
def test_the_bibliography_is_found_by_an_author_or_a_title(page, query):
    assert BIBLIOGRAPHY in pages_in(search(page, query))


def test_every_search_request_stays_on_the_site(page, module_reader):
    search(page, "power")
    host = urlsplit(module_reader.site_url).netloc
    assert any("/pagefind/" in url for url in module_reader.requests)
    assert [u for u in module_reader.requests if urlsplit(u).netloc not in (host, "")] == []


def test_the_keyboard_opens_searches_moves_and_closes(reader):
    page = reader.open(ESSAY)
    toggle = "document.getElementById('__search').checked"
    focused_box = "document.activeElement === document.querySelector('" + BOX + "')"
    assert page.evaluate(toggle) is False
    page.keyboard.press("/")
    assert page.evaluate(toggle) is True
    assert page.evaluate(focused_box)
    page.keyboard.type("recovery")
    page.wait_for_function(
        f"() => document.querySelector('{LIST}').getAttribute('data-mg-query') === 'recovery'"
    )
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and "recovery" in page.evaluate("document.activeElement.textContent.toLowerCase()")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") != first
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused_box)
    page.keyboard.press("Escape")
    assert page.evaluate(toggle) is False
    assert not page.evaluate(focused_box)
    # "s" opens it too; Enter goes to the first result.
    page.keyboard.press("s")
    assert page.evaluate(focused_box)
    page.keyboard.press("Control+a")
    page.keyboard.type("Needham")
    page.wait_for_function(
        f"() => document.querySelector('{LIST}').getAttribute('data-mg-query') === 'Needham'"
    )
    target = page.evaluate(
        f"document.querySelector('{LIST} a.md-search-result__link').getAttribute('href')"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path.rstrip("/").endswith(urlsplit(target).path.rstrip("/"))


def test_typing_s_in_a_text_field_does_not_open_search(reader):
    page = reader.open("")
    page.locator(BOX).focus()
    page.keyboard.press("Escape")
    page.evaluate(
        "() => { const i = document.createElement('textarea'); i.id = 'x';"
        " document.body.prepend(i); i.focus(); }"
    )
    page.keyboard.type("s/")
    assert page.evaluate("document.getElementById('__search').checked") is False
    assert page.evaluate("document.getElementById('x').value") == "s/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_marked_words_are_readable_in_both_palettes(scheme, reader, dark_reader):
    who = reader if scheme == "light" else dark_reader
    page = who.open("")
    search(page, "coercion")
    mark = page.locator(f"{LIST} mark").first
    colour, background = mark.evaluate(
        """m => {
            const fg = getComputedStyle(m).color;
            let el = m, bg = 'rgba(0, 0, 0, 0)';
            while (el && /rgba\\(.*, 0\\)$|transparent/.test(bg)) {
                bg = getComputedStyle(el).backgroundColor; el = el.parentElement;
            }
            return [fg, bg];
        }"""
    )
    assert _contrast(colour, background) >= 4.5, (scheme, colour, background)
    who.screenshot(f"search-{scheme}", full_page=False)


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]{7,}", text)}


def _contrast(first: str, second: str) -> float:
    def luminance(css: str) -> float:
        r, g, b = (int(float(v)) for v in re.findall(r"[\d.]+", css)[:3])

        def channel(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_on_a_phone_the_header_icon_opens_the_box_and_finds_pages(phone_reader):
    page = phone_reader.open(ESSAY)
    assert page.evaluate("document.getElementById('__search').checked") is False
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function("() => document.activeElement === document.querySelector('" + BOX + "')")
    page.keyboard.type("Needham")
    page.wait_for_function(
        f"() => document.querySelector('{LIST}').getAttribute('data-mg-query') === 'Needham'"
    )
    first = page.locator(f"{LIST} a.md-search-result__link").first
    assert first.is_visible()
    phone_reader.screenshot("search-phone", full_page=False)
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False


@pytest.fixture(scope="module")
def subpath_url(built_site, tmp_path_factory):
    """The same site served under a path, as site_url and `mkdocs serve` put it."""
    root = tmp_path_factory.mktemp("served")
    (root / "coproduction-kb").symlink_to(built_site, target_is_directory=True)
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/coproduction-kb/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_under_a_sub_path_results_link_inside_it(browser, subpath_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(subpath_url + ESSAY)
        results = search(page, "Needham")
        assert results and all(path.startswith("coproduction-kb/") for path, *_ in results)
        with page.expect_navigation():
            page.locator(f"{LIST} a.md-search-result__link").first.click()
        assert page.url.startswith(subpath_url)
        assert page.title() and "404" not in page.title()
    finally:
        context.close()


@pytest.mark.parametrize("who", ["reader", "dark_reader"])
def test_axe_finds_no_serious_violation_in_open_results(request, who):
    reader = request.getfixturevalue(who)
    page = reader.open("")
    search(page, "Stephens")  # many results: two batches, titles, sections, excerpts
    assert_no_serious_violation(page, context="[data-mg-search]")
