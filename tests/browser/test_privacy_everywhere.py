"""No page of the built site makes a reader's browser fetch anything from another host:
every resource its HTML and CSS load is on the site itself (links to read elsewhere are
fine: following one is the reader's choice)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# Attributes whose URL the browser fetches on its own when the page loads.
_FETCHED = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "track": ["src"],
    "input": ["src"],
    "link": ["href"],  # stylesheets, fonts, icons, preloads, manifests
    "form": ["action"],
}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def _foreign(url: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url.strip(), re.IGNORECASE))


def test_no_page_or_stylesheet_loads_anything_from_another_host(built_site: Path):
    import lxml.html

    found: list[str] = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        tree = lxml.html.fromstring(path.read_bytes())
        for tag, attributes in _FETCHED.items():
            for element in tree.iter(tag):
                if tag == "link" and element.get("rel") in ("canonical", "alternate"):
                    continue  # names a URL, never fetched
                for attribute in attributes:
                    for url in re.split(r",\s*", element.get(attribute) or ""):
                        if url and _foreign(url.split()[0]):
                            found.append(f"{path.relative_to(built_site)}: <{tag} {url}>")
        for style in tree.iter("style"):
            found += [
                f"{path.name}: {u}" for u in _CSS_URL.findall(style.text or "") if _foreign(u)
            ]
    for sheet in built_site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        found += [f"{sheet.name}: {u}" for u in _CSS_URL.findall(text) if _foreign(u)]
    assert found == []
