"""While serving (``mkdocs serve``), each page shows its own faults at its top.

The plugin hands this the features' reports: a fault reported while one page was being
converted belongs to that page (even when it is at a data file or a snippet the page
includes), and so does any fault reported at the page's own file. MkDocs' own warnings
about a page (its link validation) are kept as they are logged. The notice itself is made
by ``marginalia.checks.notice``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from marginalia.checks.notice import fault_notice_html, place_notice
from marginalia.diagnostics import Diagnostic
from marginalia.mkdocs.checks import link_warning

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.structure.pages import Page

    from marginalia.mkdocs.feature import Feature
    from marginalia.site import SiteIndex

_DOC_FILE = re.compile(r"^Doc file '(?P<src>[^']+)' contains (?P<rest>.*)$", re.DOTALL)


class _MkDocsWarnings(logging.Handler):
    """MkDocs' warnings about a page's links, as they are logged."""

    def __init__(self, to_fault: Callable[[str, str], Diagnostic]) -> None:
        super().__init__(logging.WARNING)
        self.to_fault = to_fault
        self.by_page: dict[str, list[Diagnostic]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        match = _DOC_FILE.match(record.getMessage())
        if match:
            fault = self.to_fault(match["src"], match["rest"])
            self.by_page.setdefault(match["src"], []).append(fault)


class PageFaults:
    """The faults of each page of one build, and the notice that shows them."""

    def __init__(self, features: list[Feature], site: SiteIndex, root: Path, docs: Path) -> None:
        self.features = features
        self.site = site
        self.by_page: dict[str, list[Diagnostic]] = {}
        self._by_path: dict[str, list[Diagnostic]] = {}
        self._indexed = 0  # how many reports _by_path holds
        self.warnings = _MkDocsWarnings(lambda src, rest: link_warning(src, rest, root, docs, site))
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def close(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def mark(self) -> list[int]:
        return [len(f.reported) for f in self.features]

    def since(self, page: Page, mark: list[int]) -> None:
        """Give ``page`` the faults reported since ``mark``."""
        found = self.by_page.setdefault(page.file.src_uri, [])
        for feature, start in zip(self.features, mark, strict=True):
            found.extend(feature.reported[start:])

    def place(self, page: Page, output: str) -> str:
        src = page.file.src_uri
        path = f"{self.site.docs_prefix}/{src}" if self.site.docs_prefix else src
        faults = list(self.by_page.get(src, []))
        faults += self.warnings.by_page.get(src, [])
        faults += self._at_path(path)
        origin = self.site.origins.get(src)
        return place_notice(output, fault_notice_html(origin.path if origin else path, faults))

    def _at_path(self, path: str) -> list[Diagnostic]:
        """Every fault reported at ``path`` so far (indexed again only when there are more:
        a scan of every report for every page would grow with pages × faults)."""
        total = sum(len(f.reported) for f in self.features)
        if total != self._indexed:
            self._by_path = {}
            for feature in self.features:
                for diagnostic in feature.reported:
                    self._by_path.setdefault(diagnostic.path, []).append(diagnostic)
            self._indexed = total
        return self._by_path.get(path, [])
