"""'Cite this page' for a whole site, independent of any engine.

Both adapters (MkDocs' ``CitingFeature``, the Zensical driver's ``PageCiting``) hand over each
citable page (its URL, title, front matter and source) and get back the block and the meta
tags to write: the date's check, the record and the one Pandoc run live here once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marginalia.citing.csl import CslRenderError, render_references, style_title
from marginalia.citing.markup import cite_block, scholar_meta_tags
from marginalia.citing.record import PageCitation, citation_key, parse_date
from marginalia.diagnostics import Diagnostic

# Our own marker in the page HTML, replaced when the page is written: the block is added
# after search has read the page, so citations of pages never flood search results.
PLACEHOLDER = "<!-- marginalia:cite-this-page -->"


@dataclass(frozen=True)
class SiteFacts:
    """What every page's citation shares: the site, its author, its language."""

    site_url: str
    site_name: str
    author: str
    language: str


class SiteCiting:
    """Every citable page's citation for one build, rendered in one Pandoc run."""

    def __init__(
        self,
        facts: SiteFacts,
        style: Path,
        locale: str | None,
        report: Callable[[Diagnostic], None],
    ) -> None:
        self.facts = facts
        self.style = style
        self.style_title = style_title(style)
        self.locale = locale
        self.report = report
        self.citations: dict[str, PageCitation] = {}
        self.references: dict[str, str] = {}
        self.rendered = False

    def add_page(
        self, src: str, url: str, title: str, meta: Mapping[str, Any], path: str, source: str
    ) -> None:
        """A citable page; ``path`` and ``source`` are its file (for a fault's line)."""
        date = None
        if meta.get("date") is not None:
            date = parse_date(meta["date"])
            if date is None:
                self.report(
                    Diagnostic(
                        path,
                        front_matter_line(source, "date"),
                        "citing.bad-date",
                        f"date {str(meta['date'])!r} is not a date",
                        "write YYYY, YYYY-MM or YYYY-MM-DD, or leave the date out (cited as n.d.)",
                    )
                )
        site_url = self.facts.site_url
        self.citations[src] = PageCitation(
            key=citation_key(url),
            title=title,
            url=(site_url.rstrip("/") + "/" + url) if site_url else url,
            site_name=self.facts.site_name,
            author=self.facts.author,
            date=date,
            language=self.facts.language,
        )

    def render(self) -> None:
        """Every page's reference at once (once)."""
        if self.rendered:
            return
        self.rendered = True
        try:
            self.references = render_references(
                list(self.citations.values()), self.style, self.locale
            )
        except CslRenderError as error:
            self.report(
                Diagnostic(
                    "mkdocs.yml",
                    None,
                    "citing.render-failed",
                    f"Pandoc could not render the pages' citations: {error}",
                    "check the CSL style named in the citing or citations settings",
                )
            )

    def write(self, src: str, output: str) -> str:
        """The written page with its block in place of the placeholder and its meta tags."""
        citation = self.citations.get(src)
        if citation is None:
            return output
        self.render()
        block = cite_block(citation, self.references.get(citation.key), self.style_title)
        output = output.replace(PLACEHOLDER, block, 1)
        return output.replace("</head>", scholar_meta_tags(citation) + "\n</head>", 1)


def front_matter_line(source: str, key: str) -> int | None:
    """The line of ``key`` in the page's front matter block, if it is there."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return None
        if pattern.match(line):
            return number
    return None
