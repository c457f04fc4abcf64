"""Mark the part of a built page that Pagefind indexes: the article, not the navigation.

Once any page of a site carries ``data-pagefind-body``, Pagefind indexes only such elements
and skips pages without one (the 404 page). The header, navigation, table of contents and
footer stay out of the index without any markup of their own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from marginalia.search.indexer import BODY_ATTRIBUTE

# Material's article: <article class="md-content__inner md-typeset">.
DEFAULT_BODY_CLASS = "md-content__inner"
# Filter values go in one comma-separated attribute: only plain slugs are safe there.
_FILTER_VALUE = re.compile(r"^[\w-]+$")


def is_filter_value(value: str) -> bool:
    """Whether ``value`` can be a Pagefind filter value here (a plain slug)."""
    return bool(_FILTER_VALUE.match(value))


def mark_page_body(
    page_html: str,
    *,
    body_class: str = DEFAULT_BODY_CLASS,
    filters: Iterable[tuple[str, str]] = (),
    meta: Iterable[tuple[str, str]] = (),
) -> str | None:
    """``page_html`` with ``data-pagefind-body`` on its article; ``None`` if it has none.

    ``filters`` are ``(name, value)`` pairs (``("tag", "coercion")``) that Pagefind records
    as filters of the page; values that are not plain slugs are left out. ``meta`` pairs
    (``("section", "Concepts")``) come back with each result, as ``meta.section``.
    """
    # The class as a whole token of the class attribute ("md-content__inner", never
    # "md-content__inner-wide").
    token = r"(?<![\w-])" + re.escape(body_class) + r"(?![\w-])"
    pattern = re.compile(r'<article\b[^>]*\bclass="[^"]*' + token + r'[^"]*"[^>]*(?=>)')
    match = pattern.search(page_html)
    if match is None:
        return None
    if BODY_ATTRIBUTE in match.group(0):
        return page_html
    # Pagefind takes one filter per attribute: the filters go on empty, hidden elements just
    # before the article (Pagefind reads filters anywhere on the page), so the article's own
    # content stays as the other features wrote it.
    safe = [(name, value) for name, value in filters if _FILTER_VALUE.match(value)]
    markers = "".join(
        f'<span hidden data-pagefind-filter="{html.escape(name)}:{value}"></span>'
        for name, value in safe
    )
    # A comma would start a second meta field in the attribute: there is none in a label.
    markers += "".join(
        f'<span hidden data-pagefind-meta="{html.escape(name)}:'
        f'{html.escape(" ".join(value.replace(",", " ").split()))}"></span>'
        for name, value in meta
        if value.strip()
    )
    return (
        page_html[: match.start()]
        + markers
        + match.group(0)
        + f" {BODY_ATTRIBUTE}"
        + page_html[match.end() :]
    )
