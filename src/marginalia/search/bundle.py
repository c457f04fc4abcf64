"""Read back what Pagefind indexed, without a browser or Node.js.

Pagefind writes one fragment per indexed page (``pagefind/fragment/*.pf_fragment``): a
gzipped JSON record of the page's URL, title, filters and the exact text it indexed. The
checks and tests read them to see what a reader's search can find.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

from marginalia.search.indexer import BUNDLE_DIR

_SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True)
class IndexedPage:
    """One page as Pagefind indexed it."""

    url: str  # site-absolute, as Pagefind gives it: "/essays/reading/"
    title: str
    content: str  # the text a search matches, with excluded elements left out
    filters: dict[str, list[str]] = field(default_factory=dict)
    headings: tuple[tuple[str, str], ...] = ()  # (id, text) of the sub-result headings
    meta: dict[str, str] = field(default_factory=dict)  # title, section, ...


def indexed_pages(site_dir: Path) -> dict[str, IndexedPage]:
    """Every page in the Pagefind bundle of ``site_dir``, by URL."""
    pages: dict[str, IndexedPage] = {}
    for path in sorted((site_dir / BUNDLE_DIR / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if data.startswith(_SIGNATURE):
            data = data[len(_SIGNATURE) :]
        record = json.loads(data)
        headings = tuple(
            (anchor.get("id", ""), anchor.get("text", ""))
            for anchor in record.get("anchors", [])
            if str(anchor.get("element", "")).lower() in {"h1", "h2", "h3", "h4", "h5", "h6"}
        )
        page = IndexedPage(
            url=record["url"],
            title=record.get("meta", {}).get("title", ""),
            content=record.get("content", ""),
            filters=record.get("filters", {}),
            headings=headings,
            meta=record.get("meta", {}),
        )
        pages[page.url] = page
    return pages
