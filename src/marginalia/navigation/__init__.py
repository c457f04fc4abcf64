"""Navigation that scales: a large section lists only its index, which lists the rest.

Material renders every page of the reader's section into every page's HTML, so a section of
thousands of pages makes each page heavier and slower to build. The MkDocs adapter
(``marginalia.mkdocs.navigation``) keeps only the index page of such a section in the
navigation; this package renders the listing the index page then carries.
"""

from __future__ import annotations

from marginalia.navigation.listing import (
    MARKER,
    ListedPage,
    has_marker,
    place_listing,
    render_listing,
)

__all__ = ["MARKER", "ListedPage", "has_marker", "place_listing", "render_listing"]
