"""A payload planted in every text a contributor writes never runs in a reader's browser.

Each input carries ``<img src=x onerror=alert(N)>`` (or a form that is text in Markdown
and HTML once decoded) with its own number: .bib fields, front matter, every field of the
vocabulary, margin-note ids and tags, headings, link text, a citation's locator, a link's
address. Chromium opens every built page, hovers the links (previews), opens the notes and
searches for the payload; no dialog may open, and no element the payloads would make (an
``onerror`` attribute, an inline script calling ``alert``) may be in the DOM.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser


def bad(n: int) -> str:
    return f"<img src=x onerror=alert({n})>"


def encoded(n: int) -> str:
    """Text in Markdown, markup if a copy of it were ever decoded and written raw."""
    return f"&lt;img src=x onerror=alert({n})&gt;"


INPUTS = {
    1: "bib title",
    2: "bib author",
    3: "bib journal",
    4: "bib note",
    5: "bib url",
    11: "front matter title",
    12: "front matter summary",
    13: "front matter description",
    14: "front matter tag",
    15: "front matter author",
    21: "tag label",
    22: "tag description",
    23: "tag alias",
    31: "note id",
    32: "note tag",
    33: "note text (as code)",
    41: "heading (code)",
    42: "heading (entity)",
    43: "tagged heading (entity)",
    51: "link text (code)",
    52: "link text (entity)",
    53: "link address",
    61: "citation locator (entity)",
}

BIB = f"""\
@article{{hostile2020,
  author = {{Power{bad(2)}, Ann}},
  title = {{Title {bad(1)}}},
  journal = {{Journal {bad(3)}}},
  year = {{2020}},
  note = {{Note {bad(4)}}},
  url = {{javascript:alert(5)}}
}}
"""

VOCABULARY = f"""\
tags:
  power:
    label: "Power {bad(21)}"
    description: "Who decides {bad(22)} [@hostile2020]."
    aliases: ["pow{bad(23)}"]
"""

ESSAY = f"""\
---
title: "Essay {bad(11)}"
summary: "Summary {bad(12)}"
description: "Description {bad(13)}"
tags: [power, "{bad(14)}"]
---

# Essay {encoded(11)}

As [@hostile2020, p. {encoded(61)}] shows, [a passage]{{>note-a}} matters.

/// annotation | note-a
    tags: [power, "{bad(32)}"]

A note with `{bad(33)}` in it.
///

Another [marked passage]{{>x{bad(31)}}}.

## Code `{bad(41)}` heading

## Entity {encoded(42)} heading

## Tagged {encoded(43)} heading {{ #tagged data-tags="power" }}

See [`{bad(51)}`](other.md), [{encoded(52)}](other.md#tagged-heading) and
[a link](javascript:alert(53)).
"""

OTHER = """\
---
title: Other
summary: The other page.
tags: [power]
---

# Other

Back to [the essay](essay.md).

## Tagged heading

Text.
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    files = {
        "docs/index.md": "# Home\n\nThe [essay](essays/essay.md).\n",
        "docs/bibliography.md": "# Bibliography\n",
        "docs/essays/essay.md": ESSAY,
        "docs/essays/other.md": OTHER,
        "docs/tags/index.md": "# Tags\n\n<!-- marginalia:tag-index -->\n",
        "bib/refs.bib": BIB,
        "data/tags.yml": VOCABULARY,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    config = {
        "site_name": "Hostile",
        "site_url": "https://example.org/",
        "theme": {"name": "material", "font": False, "features": ["navigation.footer"]},
        "markdown_extensions": ["attr_list", "footnotes", "md_in_html", "toc"],
        "nav": [
            {"Home": "index.md"},
            {"Essays": ["essays/essay.md", "essays/other.md"]},
            {"Bibliography": "bibliography.md"},
            {"Tags": ["tags/index.md"]},
        ],
        "plugins": [
            {
                "marginalia": {
                    "pages": {"types_by_folder": {"essays": "critique"}},
                    "citations": {"bibliography": ["bib/refs.bib"]},
                    "tags": {"vocabulary": "data/tags.yml", "graph_file": "graph.json"},
                    "citing": {"author": f"Author {bad(15)}"},
                }
            }
        ],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # Not strict: the hostile inputs are reported (unknown tags, a bad note id, unsafe URLs).
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "links.unsafe-url" in done.stderr and "bib.unsafe-url" in done.stderr
    site = root / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


_MARKUP = """() => {
  const made = [...document.querySelectorAll('*')].filter(el =>
    [...el.attributes].some(a => /^on/i.test(a.name)));
  const scripts = [...document.querySelectorAll('script:not([src])')]
    .filter(s => /alert\\(/.test(s.textContent));
  const images = [...document.querySelectorAll('img')].filter(i => i.getAttribute('src') === 'x');
  const links = [...document.querySelectorAll('[href]')]
    .filter(a => /^\\s*(javascript|vbscript|data):/i.test(a.getAttribute('href')));
  return [...made, ...scripts, ...images, ...links].map(el => el.outerHTML.slice(0, 200));
}"""


def test_no_payload_runs_or_becomes_markup_on_any_page(browser, hostile_site):
    url, site = hostile_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert {"essays/essay/index.html", "tags/power/index.html", "bibliography/index.html"} <= set(
        pages
    )
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    found: dict[str, list[str]] = {}
    for path in pages:
        page.goto(url + path.removesuffix("index.html"))
        page.wait_for_load_state("networkidle")
        # Previews and citation pop-ups are made on hover: hover every link of the article.
        for link in page.locator("article a[href]").all()[:40]:
            if link.is_visible():
                link.hover()
        page.wait_for_timeout(100)
        if markup := page.evaluate(_MARKUP):
            found[path] = markup
    # Search: the payload's words, typed into the header's box.
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for query in ("onerror", "alert", "img"):
        box = page.locator("[data-mg-search] .md-search__input")
        box.click()
        box.fill("")
        page.keyboard.type(query)
        page.wait_for_function(
            "q => document.querySelector('[data-mg-search] .md-search-result__list')"
            ".getAttribute('data-mg-query') === q",
            arg=query,
            timeout=15_000,
        )
        results = page.locator("[data-mg-search] .md-search-result__item").count()
        assert results > 0, query  # the payloads' words are found: their text is shown
        if markup := page.evaluate(_MARKUP):
            found[f"search '{query}'"] = markup
    context.close()
    ran = [INPUTS.get(int(m), m) if m.isdigit() else m for m in dialogs]
    assert ran == [], f"payloads ran: {ran}"
    assert found == {}


def test_filter_labels_and_backlink_sentences_are_text(browser, hostile_site):
    url, _ = hostile_site
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        # The tag's label, a payload, is an option of the search box's tag filter, as text.
        page.goto(url + "?tag=power")
        page.wait_for_function(
            "() => document.querySelector('[data-mg-search] .md-search-result__list')"
            ".dataset.mgFilters === 'tag=power'",
            timeout=15_000,
        )
        option = page.locator("[data-mg-search] select[data-mg-filter=tag] option[value=power]")
        assert option.text_content() == f"Power {bad(21)}"
        # "Linked from" on the other page: the essay's sentence, its link text (code) as text.
        page.goto(url + "essays/other/")
        sentence = page.locator(".mg-linked-from .mg-context").first
        assert bad(51) in sentence.text_content()
        assert sentence.locator("mark").count() == 1
        assert page.evaluate(_MARKUP) == []
    finally:
        context.close()
    assert dialogs == []
