"""One site's citations through Pandoc, independent of any engine.

An engine adapter hands over the site's clusters (in site order), its nocite keys and the
bibliography; :meth:`CitationRun.start` launches Pandoc at once and :meth:`CitationRun.result`
waits for it the first time it is needed. An entry Pandoc cannot read is reported at its
line and left out, and the run made again without it.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from marginalia.bibliography import Bibliography
from marginalia.bibliography.records import BibEntry
from marginalia.citations import render as r
from marginalia.citations.pandoc import (
    PandocError,
    PendingRender,
    RenderRequest,
    RenderResult,
    start,
)
from marginalia.citations.sitewide import entry_at
from marginalia.citations.styles import CitationStyle
from marginalia.diagnostics import Diagnostic

_MAX_BIB_RETRIES = 20


def available_cores() -> int:
    """CPU cores this process may use (fewer than the machine's under an affinity mask)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """Pandoc processes by default: one per core, at most four. The pages are rendered
    meanwhile on one of those cores; on two cores, two processes still build the
    concentrated 500-page benchmark site about 10 % faster than one (12.8 s against 14.5 s),
    as each process repeats the reading of the whole input."""
    return max(1, min(4, available_cores()))


def _workers_for(cache_dir: Path | None) -> int:
    """The default number of Pandoc processes for this build. With batches kept from an
    earlier build most are read from disk, and each process would read the whole input
    again for the few it formats: one process then. Measured on two cores, the concentrated
    500-page benchmark site after one page gained a citation: 8.1–8.5 s with one process,
    8.7–9.2 s with two (cold, two win: 12.8 s against 14.5 s)."""
    folder = cache_dir / "batches" if cache_dir is not None else None
    if folder is not None and folder.is_dir() and any(folder.glob("batch-*.json")):
        return 1
    return default_workers()


@dataclass(frozen=True)
class _Attempt:
    """One Pandoc run under way, and what it was given (to run again without an entry)."""

    pending: PendingRender
    starts: list[tuple[int, BibEntry]]
    keys: list[str]
    nocite: list[str]
    dropped: frozenset[str]


class CitationRun:
    """Every citation of one build: started early, collected once."""

    def __init__(
        self,
        clusters: Sequence[str],
        bib: Bibliography,
        style: CitationStyle,
        locale: str | None,
        batch_size: int,
        workers: int,
        cache_dir: Path | None,
        report: Callable[[Diagnostic], None],
    ) -> None:
        self.clusters = list(clusters)
        self.bib = bib
        self.style = style
        self.locale = locale
        self.batch_size = batch_size
        self.workers = workers or _workers_for(cache_dir)
        self.cache_dir = cache_dir
        self.report = report
        self._attempt: _Attempt | None = None
        self._result: RenderResult | None = None

    def start(self, keys: list[str], nocite: list[str]) -> None:
        """Launch Pandoc on every cluster with the works ``keys`` (cited or listed)."""
        if self.clusters or keys:
            self._attempt = self._launch(keys, nocite, frozenset())
        else:
            self._result = RenderResult()

    @property
    def running(self) -> bool:
        """Whether waiting for the result now would block."""
        return self._result is None and self._attempt is not None and self._attempt.pending.running

    def result(self) -> RenderResult:
        """Pandoc's result, waited for (and faults reported) the first time."""
        if self._result is None:
            self._result = self._finish()
        return self._result

    def _launch(self, keys: list[str], nocite: list[str], dropped: frozenset[str]) -> _Attempt:
        use = [k for k in keys if k not in dropped]
        bibtex, starts = self.bib.subset_bibtex(use)
        request = RenderRequest(
            self.clusters,
            [k for k in nocite if k not in dropped],
            bibtex,
            self.style,
            self.locale,
            self.batch_size,
            self.workers,
            entry_hashes=self.entry_hashes(use),
        )
        pending = start(request, self.cache_dir, self._prepare)
        return _Attempt(pending, starts, keys, nocite, dropped)

    def _prepare(self, result: RenderResult) -> RenderResult:
        return r.prepare(result, self.bib.entries)

    def entry_hashes(self, keys: list[str]) -> dict[str, str]:
        """Per cited work, a hash of the text it is read from: its entry, its crossref
        parents and every macro (which any field may use)."""
        macros = hashlib.sha256("\n".join(self.bib.strings).encode()).hexdigest()
        hashes = {}
        for key in keys:
            if key in self.bib.entries:
                texts = [macros, *(e.raw for e in self.bib.with_parents([key]))]
                hashes[key] = hashlib.sha256("\0".join(texts).encode()).hexdigest()
        return hashes

    def _finish(self) -> RenderResult:
        attempt = self._attempt
        for _ in range(_MAX_BIB_RETRIES):
            if attempt is None:
                break
            try:
                return attempt.pending.result()
            except PandocError as error:
                entry = entry_at(attempt.starts, error.bib_line)
                if entry is None:
                    self.report(
                        Diagnostic(
                            "mkdocs.yml",
                            None,
                            "citations.pandoc",
                            f"Pandoc could not format the citations: {error}",
                            "fix the reported input; citations are shown unformatted meanwhile",
                        )
                    )
                    break
                self.report(
                    Diagnostic(
                        entry.path,
                        entry.line,
                        "bib.syntax",
                        f"Pandoc cannot read entry '{entry.key}': {_bib_complaint(str(error))}",
                        "check the entry's braces, commas and LaTeX commands",
                    )
                )
                attempt = self._launch(attempt.keys, attempt.nocite, attempt.dropped | {entry.key})
        return RenderResult(clusters=[""] * len(self.clusters))


def _bib_complaint(text: str) -> str:
    """What Pandoc's BibTeX reader objected to, without its file, position or traceback."""
    found = re.findall(r"^((?:unexpected|expecting) .*)$", text, flags=re.M)
    return "; ".join(found) if found else " ".join(text.split())[:200]
