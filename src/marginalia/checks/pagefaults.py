"""Faults the Markdown extensions found on one page, as diagnostics at ``path:line``, for
any engine: a snippet that could not be included, a link with an address that runs code.
An adapter hands in the page's source text and where it is; nothing here knows an engine."""

from __future__ import annotations

import os
from collections.abc import Iterable

from marginalia.checks.locate import locate_link
from marginalia.checks.snippets import MissingSnippet
from marginalia.checks.unsafelinks import UnsafeLink
from marginalia.diagnostics import Diagnostic
from marginalia.site import SourceOrigin

RISK = {
    "javascript": "runs as code in the reader's browser",
    "vbscript": "runs as code in the reader's browser",
    "data": "opens a document carried by the address itself, which can run code",
}


def missing_snippet_fault(
    missing: MissingSnippet,
    page_file: str | None,
    src: str,
    root: str,
    bases: Iterable[str],
    seen: dict[tuple[str | None, str], int],
) -> Diagnostic:
    """``page_file`` is the page's own file (``None`` for a generated page)."""
    where = missing.included_from or page_file
    path = os.path.relpath(where, root) if where else src
    shown = " or ".join(f"'{b}'" for b in bases)
    if missing.reason:
        return Diagnostic(
            path.replace(os.sep, "/"),
            None,
            "pages.missing-snippet",
            f"a snippet could not be included: {missing.reason}",
            "correct the section or address it names",
        )
    key = (missing.included_from, missing.name)
    occurrence = seen[key] = seen.get(key, -1) + 1
    line = None
    if where and os.path.isfile(where):
        from marginalia.checks.snippets import snippet_line

        with open(where, encoding="utf-8", errors="replace") as handle:
            line = snippet_line(handle.read(), missing.name, occurrence)
    return Diagnostic(
        path.replace(os.sep, "/"),
        line,
        "pages.missing-snippet",
        f"the snippet '{missing.name}' does not exist, so nothing is included here",
        f"create it under {shown} or correct the name (it is relative to that folder)",
    )


def unsafe_link_faults(
    found: Iterable[UnsafeLink], path: str, source: str, origin: SourceOrigin | None
) -> list[Diagnostic]:
    """``path`` and ``source`` are the page's; a generated page's faults go to ``origin``."""
    if origin is not None:
        path, source = origin.path, origin.text
    faults = []
    for link in found:
        line = locate_link(source, link.href, [link.text]) if source else None
        if origin is not None:
            line = origin.line_in_text(line)
        faults.append(
            Diagnostic(
                path,
                line,
                "links.unsafe-url",
                f"the link '{link.text}' has a {link.scheme}: address, which "
                f"{RISK[link.scheme]}; it is shown as text, not as a link",
                "link to an http(s) address or to a page of this site",
            )
        )
    return faults
