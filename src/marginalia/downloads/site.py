"""Downloads in a built site, for any engine: the links under a critique's title, the worker
process that makes the files beside the build, and what could not be made reported at the
page's line and its link taken out.

An engine's adapter starts a :class:`Downloads` early (``start``: the worker imports
ReportLab while the pages render), gives it each critique's HTML as it is written
(``page``: the links added, the page sent to the worker when it is final, else kept for
``flush``) and, last, calls ``finish``, which waits for the files and reports.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from marginalia.diagnostics import Diagnostic
from marginalia.diskcache import prune
from marginalia.downloads.extract import DOWNLOADS_CLASS
from marginalia.downloads.make import FORMATS, Job, Outcome, make_all, make_one, warm_up

_H1_END = re.compile(r"</h1>")
_LINKS = re.compile(rf'<p class="{DOWNLOADS_CLASS}"[^>]*>.*?</p>', re.S)
LABELS = {"epub": "EPUB", "pdf": "PDF"}
_KEEP_BUILDS = 4


def links_html(stem: str, formats: tuple[str, ...]) -> str:
    if not formats:
        return ""
    links = " ".join(
        f'<a class="{DOWNLOADS_CLASS}__{f}" href="{escape(stem, quote=True)}.{f}" download>'
        f"{LABELS[f]}</a>"
        for f in formats
    )
    return f'<p class="{DOWNLOADS_CLASS}" data-search-exclude>Take this essay away: {links}</p>'


def with_links(output: str, links: str) -> str:
    """The page's HTML with the links under its title (else at the end of its article)."""
    output, found = _H1_END.subn(lambda m: m.group(0) + links, output, count=1)
    if not found:
        output = output.replace("</article>", links + "</article>", 1)
    return output


def stem_of(url: str, dest: str) -> str:
    """The files' name without extension: the page's last URL segment."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith(".html"):
        name = name[:-5]
    return name or os.path.splitext(os.path.basename(dest))[0] or "essay"


def usable_formats(formats: tuple[str, ...], report: Callable[[Diagnostic], None]) -> tuple:
    """The formats that can be made here: no PDF without ReportLab (reported)."""
    if "pdf" not in formats:
        return formats
    try:
        import reportlab  # noqa: F401
    except ImportError:
        report(
            Diagnostic(
                "mkdocs.yml",
                None,
                "downloads.pdf-unavailable",
                "no PDF downloads: ReportLab is not installed",
                "install the pinned packages (make build), or leave pdf out of the downloads formats",
            )
        )
        return tuple(f for f in formats if f != "pdf")
    return formats


@dataclass
class Downloads:
    """The downloads of one build."""

    formats: tuple[str, ...]
    types: tuple[str, ...]
    site_name: str
    report: Callable[[Diagnostic], None]
    cache: str | None = None
    worker: bool = True
    epoch: int = field(
        default_factory=lambda: int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    )  # else 1980-01-01
    jobs: list[Job] = field(default_factory=list)  # waiting for the last task (or no worker)
    pool: concurrent.futures.ProcessPoolExecutor | None = None
    pending: list[concurrent.futures.Future] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # job source -> Markdown path

    @classmethod
    def from_options(
        cls, options, root: str, site_name: str, report: Callable[[Diagnostic], None]
    ) -> Downloads:
        formats = tuple(f for f in FORMATS if f in options.formats)
        return cls(
            usable_formats(formats, report),
            tuple(options.types),
            site_name,
            report,
            os.path.join(root, ".cache", "marginalia", "downloads") if options.cache else None,
            bool(options.worker),
        )

    def wanted(self, page_type: str | None) -> bool:
        return bool(self.formats) and page_type in self.types

    def start(self) -> None:
        """The worker started, importing ReportLab while the pages render."""
        if self.worker and self.formats and self.pool is None:
            try:
                context = multiprocessing.get_context("spawn")  # no fork of a threaded build
                self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
                self.pool.submit(warm_up)
            except (OSError, RuntimeError):
                self.pool = None  # made in-process instead

    def page(
        self,
        output: str,
        source: str,
        abs_src: str,
        dest: str,
        url: str,
        page_url: str,
        final: bool = True,
    ) -> str:
        """A critique's HTML with its links; its files made from it at once when it is
        ``final``, else from its file once ``flush`` is called."""
        stem = stem_of(url, dest)
        self.sources[source] = abs_src
        output = with_links(output, links_html(stem, self.formats))
        job = Job(
            source,
            dest,
            page_url,
            self.site_name,
            os.path.join(os.path.dirname(dest), stem),
            self.formats,
        )
        if self.pool is not None and final:
            job = dataclasses.replace(job, html=output)
            self.pending.append(self.pool.submit(make_one, job, self.cache, self.epoch))
        else:
            self.jobs.append(job)
        return output

    def flush(self) -> None:
        """The pages kept for later, now final on disk, to the worker (or made here)."""
        if not self.jobs:
            return
        if self.pool is not None:
            self.pending.append(self.pool.submit(make_all, self.jobs, self.cache, self.epoch))
        else:
            future: concurrent.futures.Future = concurrent.futures.Future()
            future.set_result(make_all(self.jobs, self.cache, self.epoch))
            self.pending.append(future)
        self.jobs = []

    def finish(self) -> None:
        """Wait for the files; report what could not be made and take its links out."""
        self.flush()
        outcomes: list[Outcome] = []
        try:
            for future in self.pending:
                result = future.result()
                outcomes += result if isinstance(result, list) else [result]
        finally:
            self.pending = []
            self.close()
        for fmt in self.formats:
            # Each build adds a file per changed essay and format: about four builds' worth
            # stay, the newest (a file given back is touched when it is read).
            made = sum(fmt in outcome.made for outcome in outcomes)
            if self.cache is not None and made:
                prune(Path(self.cache), f"*.{fmt}", keep=_KEEP_BUILDS * made)
        for outcome in outcomes:
            for fault in outcome.faults:
                line = line_of(self.sources.get(outcome.job.source, ""), fault.characters)
                self.report(
                    Diagnostic(outcome.job.source, line, fault.code, fault.message, fault.fix)
                )
            if outcome.faults:
                relink(outcome)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None


def line_of(path: str, characters: str) -> int | None:
    if not path or not characters:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if any(c in line for c in characters):
                    return number
    except OSError:
        return None
    return None


def relink(outcome: Outcome) -> None:
    """The page's links without those of the files that could not be made."""
    path = outcome.job.html_path
    stem = os.path.basename(outcome.job.stem)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = _LINKS.sub(lambda m: links_html(stem, outcome.made), text, count=1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
