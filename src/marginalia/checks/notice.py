"""A page's faults shown on the page itself, for a contributor previewing it.

While the site is served for writing (``mkdocs serve``), a fault logged in the terminal is
easily missed, and a page whose front matter is broken is shown with its YAML as text and
no word why. The notice puts the faults at the top of the page: a region with a heading,
announced to screen readers (``role="alert"``), listing each fault's code, place and fix.
A build for readers never has it: the MkDocs adapter adds it only when serving.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from marginalia.diagnostics import Diagnostic

# Material's content area; a theme without it gets the notice at the start of <body>.
_ARTICLE = re.compile(r"<article\b[^>]*\bclass=\"md-content__inner\b[^\"]*\"[^>]*>")
_BODY = re.compile(r"<body\b[^>]*>")
NOTICE_CLASS = "mg-faults"


def fault_notice_html(page_path: str, faults: Iterable[Diagnostic]) -> str:
    """The notice for the faults of the page whose source is ``page_path`` ("" if none)."""
    faults = sorted(set(faults), key=lambda d: (d.path != page_path, d.path, d.line or 0))
    if not faults:
        return ""
    errors = sum(1 for d in faults if d.severity == "error")
    count = f"{len(faults)} fault{'s' * (len(faults) != 1)}"
    items = "\n".join(_item(d, page_path) for d in faults)
    where = f" in <code>{escape(page_path)}</code>" if page_path else ""
    return (
        f'<section class="{NOTICE_CLASS}" role="alert" aria-labelledby="mg-faults-title" '
        'data-search-exclude data-pagefind-ignore="all">\n'
        f'<h2 id="mg-faults-title">This page has {count}</h2>\n'
        f"<p>Found while building it{where} ({errors} would fail <code>make check</code>). "
        "This notice is shown only while the site is served for writing, never in a "
        "build.</p>\n"
        f"<ul>\n{items}\n</ul>\n</section>\n"
    )


def _item(fault: Diagnostic, page_path: str) -> str:
    if fault.path == page_path:
        place = f"line {fault.line}" if fault.line else "the whole file"
    else:
        place = f"{fault.path}:{fault.line}" if fault.line else fault.path
    mark = "" if fault.severity == "error" else " (advice)"
    fix = f' — <span class="mg-faults__fix">fix: {escape(fault.fix)}</span>' if fault.fix else ""
    return (
        f'<li><code class="mg-faults__code">{escape(fault.code)}</code>{mark}, '
        f'<span class="mg-faults__where">{escape(place)}</span>: '
        f"{escape(fault.message)}{fix}</li>"
    )


def place_notice(page_html: str, notice: str) -> str:
    """The built page with ``notice`` at the top of its content."""
    if not notice:
        return page_html
    for pattern in (_ARTICLE, _BODY):
        match = pattern.search(page_html)
        if match:
            return page_html[: match.end()] + "\n" + notice + page_html[match.end() :]
    return notice + page_html
