"""Site search with Pagefind: an index in chunks, so a first search loads only a few of them.

Material's search loads one ``search_index.json`` holding every page's text before the
first result, and that file grows with the site. Pagefind's payload for a one-word search
stays about the same size however many pages there are. The index is written after the
build from the built HTML (``indexer``); what a page offers to it is marked in the HTML
(``body``).
"""

from __future__ import annotations

from marginalia.search.body import mark_page_body
from marginalia.search.bundle import IndexedPage, indexed_pages
from marginalia.search.indexer import (
    BODY_ATTRIBUTE,
    BUNDLE_DIR,
    DEFAULT_EXCLUDE_SELECTORS,
    IndexRun,
    index_site,
    last_lines,
    pagefind_executable,
)

__all__ = [
    "BODY_ATTRIBUTE",
    "BUNDLE_DIR",
    "DEFAULT_EXCLUDE_SELECTORS",
    "IndexRun",
    "IndexedPage",
    "index_site",
    "indexed_pages",
    "last_lines",
    "mark_page_body",
    "pagefind_executable",
]
