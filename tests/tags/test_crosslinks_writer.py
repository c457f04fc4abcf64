"""The "Related" and "Linked from" sections: links made once per folder still point right."""

from __future__ import annotations

import itertools
import re

from marginalia.site import PageInfo
from marginalia.tags.related import RelatedPage
from marginalia.tags.render import CrosslinksWriter
from marginalia.tags.vocabulary import Tag, TagVocabulary
from marginalia.urls import relative_url

URLS = [
    "",  # the home page
    "about/",
    "projects/",
    "projects/p-1/",
    "projects/p-2/",
    "projects/p-1/notes/",  # below another page
    "concepts/deep/c-1/",
    "essays/e-1.html",  # without directory URLs
    "essays/e-2.html",
    "index.html",
]


def _pages() -> list[PageInfo]:
    return [
        PageInfo(f"src{i}.md", url, title=f"Page <{i}> & co", type="project", summary="S & s")
        for i, url in enumerate(URLS)
    ]


def test_every_link_is_the_relative_url_whichever_page_asked_first():
    pages = _pages()
    writer = CrosslinksWriter({"project": "Projects"}, TagVocabulary())
    # Every page lists every other, in two orders: a link cached for one page of a folder
    # must be right for the next page of that folder.
    for order in (pages, pages[::-1]):
        for source, target in itertools.permutations(order, 2):
            html = writer.html(None, [target], source.url)
            href = re.search(r'<a href="([^"]*)">', html).group(1)
            assert href == relative_url(target.url, source.url), (source.url, target.url)
            assert ">Page &lt;" in html


def test_sections_group_related_pages_and_escape_what_pages_say():
    pages = _pages()
    vocabulary = TagVocabulary(tags={"power": Tag("power", "Power <&>", "Power.")})
    writer = CrosslinksWriter({"project": "Projects"}, vocabulary)
    related = [RelatedPage(pages[3], 1.5, ("power",), ("key-a",))]
    html = writer.html(related, [], "projects/p-2/")
    assert '<h2 id="mg-related">Related</h2>' in html
    assert "<h3>Projects</h3>" in html
    assert (
        '<li><a href="../p-1/">Page &lt;3&gt; &amp; co</a> <span class="mg-why">shares '
        'Power &lt;&amp;&gt;; cites 1 of the same work</span> <span class="mg-summary">'
        "S &amp; s</span></li>"
    ) in html
    assert '<p class="mg-empty">No page links here yet.</p>' in html
    assert "Linked from" not in writer.html(related, None, "projects/p-2/")
