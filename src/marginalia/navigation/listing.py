"""The listing an index page carries of its section's pages, and where it goes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Written by an author in an index page's Markdown (an HTML comment survives Python-Markdown
# as a raw block), to place the listing there instead of at the end of the page. Inside a
# code block it is escaped, so a page that shows the marker as an example is left alone.
MARKER = "<!-- marginalia:section-pages -->"
LISTING_ID = "marginalia-section-pages"


@dataclass(frozen=True)
class ListedPage:
    """One page in a listing: its link from the index page, its title and summary as text."""

    href: str
    title: str
    summary: str = ""


def render_listing(pages: Sequence[ListedPage], heading: str) -> str:
    """A heading and one list item per page: the linked title, then the summary if any.

    Titles, summaries and the heading come from front matter or configuration: all escaped.
    """
    items = []
    for page in pages:
        link = f'<a href="{escape(page.href)}">{escape(page.title)}</a>'
        summary = f": {escape(page.summary)}" if page.summary else ""
        items.append(f"<li>{link}{summary}</li>")
    return (
        f'<h2 id="{LISTING_ID}">{escape(heading)}</h2>\n'
        f'<ul class="{LISTING_ID}">\n' + "\n".join(items) + "\n</ul>"
    )


def has_marker(html: str) -> bool:
    """Whether an author placed the listing marker in this page."""
    return MARKER in html


def place_listing(html: str, listing: str) -> str:
    """``html`` with ``listing`` at the first marker (others removed), or appended."""
    if MARKER not in html:
        return f"{html}\n{listing}\n" if listing else html
    before, _, after = html.partition(MARKER)
    return before + listing + after.replace(MARKER, "")
