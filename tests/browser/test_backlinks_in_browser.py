"""A reader at the foot of a page sees, for each page linking to it, the sentence the link
sits in on that page, the link's words marked; those sentences are not what search finds."""

from __future__ import annotations

import re

import pytest
from test_search_in_browser import pages_in, search
from tour import ESSAY

pytestmark = pytest.mark.browser

CONCEPT = "concepts/coercion/"


def test_a_backlink_shows_the_sentence_of_its_link_on_the_linking_page(reader):
    page = reader.open(CONCEPT)
    item = page.locator(".mg-linked-from li", has=page.locator(f'a[href$="{ESSAY}"]')).first
    if not item.count():  # the essay is linked relatively: match on the resolved address
        item = page.locator(".mg-linked-from li").filter(
            has=page.locator("a").filter(has_text="Co-production: who is co-producing what?")
        )
    sentence = item.locator(".mg-context")
    marked = sentence.locator("mark").inner_text()
    text = " ".join(sentence.inner_text().split())
    assert marked and marked in text and len(text) > len(marked)
    assert sentence.is_visible()
    # The same sentence, link and all, is on the essay, around a link back here.
    page.goto(reader.site_url + ESSAY)
    links = page.locator("article a[href]").filter(has_text=marked)
    hrefs = links.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert any(h.endswith(CONCEPT) for h in hrefs)
    essay_text = " ".join(page.locator("article").inner_text().split())
    assert text.strip("…") in essay_text


def test_search_does_not_find_a_page_by_the_sentences_of_its_backlinks(module_reader, built_site):
    from bs4 import BeautifulSoup

    # Words shown in a page's backlink sentences and nowhere else in its searched text.
    candidates: list[tuple[str, list[str]]] = []
    for folder in ("concepts", "projects"):
        for path in sorted((built_site / folder).glob("*/index.html")):
            article = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").find("article")
            sentences = " ".join(s.get_text(" ") for s in article.select(".mg-context"))
            for hidden in article.select("[data-search-exclude]"):
                hidden.decompose()
            words = sorted(_words(sentences) - _words(article.get_text(" ")))
            if words:
                candidates.append((path.parent.relative_to(built_site).as_posix() + "/", words))
    assert candidates, "no backlink sentence has a word of its own"
    page = module_reader.open("")
    for target, words in candidates[:3]:
        for word in words[:2]:
            found = pages_in(search(page, word))
            assert found and target not in found, (target, word)


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[A-Za-z]{6,}", text)}
