"""Site-wide facts about citations, from the records every page left in the ``SiteIndex``:
where each work is cited, and which entries nothing cites."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from marginalia.bibliography.records import BibEntry
from marginalia.citations.render import Citing
from marginalia.diagnostics import Diagnostic
from marginalia.site import CitationUse, PageInfo

UNCITED_SHOWN = 20


def citing_places(
    pages: Iterable[PageInfo], expand: Callable[[list[str]], list[str]]
) -> dict[str, list[Citing]]:
    """For each key, every page citing it (first citation, sections), then nocite pages."""
    citing: dict[str, list[Citing]] = {}
    for info in pages:
        title = info.title or info.url
        cited = info.cited_keys
        uses: dict[str, list[CitationUse]] = {}
        for use in info.citations:
            uses.setdefault(use.key, []).append(use)
        for key in cited:
            first, *_ = found = uses[key]
            sections = {u.section: u.section_title or "" for u in found if u.section}
            citing.setdefault(key, []).append(
                Citing(title, info.url, first.anchor, tuple(sections.items()))
            )
        for key in expand(info.nocite):
            if key not in cited:
                citing.setdefault(key, []).append(Citing(title, info.url, None))
    return citing


def uncited(entries: Mapping[str, BibEntry], listed: set[str]) -> list[Diagnostic]:
    """Advisories for entries nothing cites; past :data:`UNCITED_SHOWN`, one line counts."""
    left = [e for key, e in entries.items() if key not in listed]
    found = [
        Diagnostic(
            entry.path,
            entry.line,
            "bib.uncited",
            f"entry '{entry.key}' is not cited anywhere",
            "cite it, list it under nocite in a page's front matter, or remove it",
            "advisory",
        )
        for entry in left[:UNCITED_SHOWN]
    ]
    if len(left) > UNCITED_SHOWN:
        found.append(
            Diagnostic(
                left[0].path,
                None,
                "bib.uncited",
                f"{len(left) - UNCITED_SHOWN} more entries are not cited anywhere",
                "set citations.report_uncited: false to silence these advisories",
                "advisory",
            )
        )
    return found


def entry_at(starts: Iterable[tuple[int, BibEntry]], line: int | None) -> BibEntry | None:
    """The entry of a subset .bib that holds ``line`` (Pandoc's error line)."""
    if line is None:
        return None
    found = None
    for start, entry in starts:
        if start <= line:
            found = entry
    return found
