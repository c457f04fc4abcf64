"""The faults the Markdown extensions found while Zensical rendered one page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from marginalia.annotations.diagnose import diagnose
from marginalia.checks.pagefaults import missing_snippet_fault, unsafe_link_faults
from marginalia.diagnostics import Diagnostic

if TYPE_CHECKING:
    from marginalia.zensical.driver import Driver


def markdown_faults(driver: Driver, src: str, source: str) -> Iterator[Diagnostic]:
    project = driver.project
    page_file = project.docs_dir / src
    own = str(page_file) if page_file.is_file() else None
    if driver.snippets is not None:
        seen: dict[tuple[str | None, str], int] = {}
        bases = [str(b).rstrip("/") + "/" for b in project.snippet_bases()]
        for missing in driver.snippets.take():
            yield missing_snippet_fault(missing, own, src, str(project.root), bases, seen)
    found = list(driver.unsafe_links.found)
    driver.unsafe_links.found.clear()
    if found:
        yield from unsafe_link_faults(
            found, driver._path(src), source, driver.site.origins.get(src)
        )
    if driver.annotations is not None and driver.annotations.report.problems:
        path = driver._path(src) if own else src
        yield from diagnose(driver.annotations.report.problems, source, path)
