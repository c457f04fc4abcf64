"""A reader searches with Material's search box: pages are found by their words, tags,
cited authors and margin-note text; reference lists do not flood the results; the
Bibliography is found by an author's name or a title."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from tour import BIBLIOGRAPHY, ESSAY, TAG

pytestmark = pytest.mark.browser


_SNAPSHOT = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const list = document.querySelector('.md-search-result__list');
    return [meta ? meta.textContent : '', list ? list.children.length : 0,
            [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')]
              .map(a => [a.getAttribute('href'), (a.querySelector('h1, h2') || a).textContent.trim()])];
}"""


def search(page, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into the search box; the results as (site path#fragment, heading).

    Material searches again on every key and renders results in batches as the list is
    scrolled, so the list is read only once it is complete and has stopped changing.
    """
    box = page.locator(".md-search__input")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__list').children.length"
    )
    page.keyboard.type(query)
    previous, stable = None, 0
    for _ in range(100):
        page.wait_for_timeout(150)
        # Scrolling to the end makes Material render the next batch of results, if any.
        page.evaluate(
            "() => { const w = document.querySelector('.md-search__scrollwrap');"
            " if (w) w.scrollTop = w.scrollHeight; }"
        )
        snapshot = page.evaluate(_SNAPSHOT)
        settled = "matching" in snapshot[0] and snapshot == previous
        stable = stable + 1 if settled else 0
        if stable == 3:
            break
        previous = snapshot
    else:
        raise AssertionError(f"search results for {query!r} never settled")
    links = snapshot[2]
    results = []
    for href, heading in links:
        parts = urlsplit(href)
        path = parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")
        results.append((path, heading))
    return results


def pages_in(results: list[tuple[str, str]]) -> set[str]:
    return {path.split("#", 1)[0] for path, _ in results}


@pytest.fixture(scope="module")
def page(module_reader):
    """The home page, opened once: every search starts from its search box."""
    return module_reader.open("")


def test_coercion_finds_the_essay_and_the_coercion_tag_page(page):
    found = pages_in(search(page, "coercion"))
    assert ESSAY in found
    assert TAG in found


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
    # A section hit per reference list would flood the results; they are left out.
    assert [heading for _, heading in results if heading == "References"] == []


def test_words_only_in_reference_lists_find_only_the_bibliography(page):
    # "Retrieved" is written by the citation style in web references, never in the text.
    assert pages_in(search(page, "retrieved")) == {BIBLIOGRAPHY}


@pytest.mark.parametrize("query", ["Stephens", "literature review", "Needham"])
def test_the_bibliography_is_found_by_an_author_or_a_title(page, query):
    assert BIBLIOGRAPHY in pages_in(search(page, query))


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]{7,}", text)}
