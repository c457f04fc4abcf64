"""Every text of the vocabulary is text: no label, description or alias becomes markup on
any page (tag chips, navigation, previous/next, tag pages, the tag index, Related)."""

from __future__ import annotations

import re

from tests.tags.conftest import PAGES, PLUGIN

PAYLOAD = "<img src=x onerror=alert(1)>"
HOSTILE = f"""\
tags:
  power:
    label: "Power{PAYLOAD}"
    description: "Who decides. {PAYLOAD} *Emphasis* stays."
    aliases: ["pow`{PAYLOAD}`er"]
  coercion:
    label: "Coercion</a><script>alert(2)</script>"
    parent: power
    aliases: [compulsion]
    description: Services imposed on people.
  well-being:
    label: Well-being
    aliases: [wellbeing]
    description: How people fare.
  recovery:
    description: Recovering and staying well.
"""


def _pages(site) -> dict[str, str]:
    return {
        str(path.relative_to(site.site_dir)): path.read_text(encoding="utf-8")
        for path in site.site_dir.rglob("*.html")
    }


NAV = {
    "theme": {"name": "material", "font": False, "features": ["navigation.footer"]},
    "nav": [
        {"Home": "index.md"},
        {"Essays": ["essays/reading.md", "essays/second.md"]},
        {"Projects": ["projects/up2us.md"]},
        {"Concepts": ["concepts/power.md"]},
        {"Tags": ["tags/index.md"]},
    ],
}


def test_no_text_of_the_vocabulary_becomes_markup(knowledge_base):
    site = knowledge_base({"data/tags.yml": HOSTILE}, config=NAV)
    pages = _pages(site)
    assert len(pages) > 8
    for path, html in pages.items():
        assert "<img src=x" not in html, path
        assert "<script>alert(2)" not in html, path
        assert "</a><script>" not in html, path
    escaped = "Power&lt;img src=x onerror=alert(1)&gt;"
    reading = pages["essays/reading/index.html"]
    # The chips (Material's partial) carry the labels as text.
    assert '<nav class="md-tags"' in reading
    assert "Coercion&lt;/a&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in reading
    tag_page = pages["tags/power/index.html"]
    assert f"<title>{escaped}" in tag_page
    assert f'<h1 id="powerimg-srcx-onerroralert1">{escaped}</h1>' in tag_page
    assert "Who decides. &lt;img src=x onerror=alert(1)&gt; <em>Emphasis</em> stays." in tag_page
    assert "<code>pow`&lt;img src=x onerror=alert(1)&gt;`er</code>" in tag_page
    # The navigation of every page, and the previous/next links next to a tag page.
    in_nav = re.compile(r'class="md-ellipsis">\s*' + re.escape(escaped))
    assert all(in_nav.search(pages[p]) for p in ("index.html", "tags/coercion/index.html"))
    footer = pages["tags/index.html"].split('class="md-footer__link md-footer__link--next"')[1]
    assert 'aria-label="Next: Coercion&lt;/a&gt;&lt;script&gt;alert(2)' in footer


def test_type_labels_are_text_too(knowledge_base):
    plugin = {**PLUGIN, "tags": {**PLUGIN["tags"], "type_labels": {"critique": PAYLOAD}}}
    site = knowledge_base(plugin=plugin)
    for path, html in _pages(site).items():
        assert "<img src=x" not in html, path
    assert "&lt;img src=x onerror=alert(1)&gt;" in site.html("tags/coercion/")
    assert PAGES  # the shared pages were built


def test_a_description_may_mark_a_quotation_and_nothing_else(knowledge_base):
    # The vocabulary quotes its sources as pages do (<q>…</q> and a citation after it):
    # that element alone is kept; one with attributes is text like any other markup.
    vocabulary = HOSTILE.replace(
        "description: How people fare.",
        'description: "How people <q>fare</q>, and <q onmouseover=alert(3)>this</q>."',
    )
    site = knowledge_base({"data/tags.yml": vocabulary}, config=NAV)
    tag_page = _pages(site)["tags/well-being/index.html"]
    assert "How people <q>fare</q>, and &lt;q onmouseover=alert(3)&gt;this</q>." in tag_page
