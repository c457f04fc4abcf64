"""Downloads (``marginalia.downloads``) in MkDocs: links on each critique, files made beside
it by a worker process while the rest of the build goes on.

- ``on_env``: the worker is started (and imports ReportLab) while the pages render.
- ``on_post_page``: a critique gets its download links under its title; when its HTML is
  final (its citations are written) it goes to the worker at once, which makes its files
  while the build renders the other pages.
- ``on_post_build`` (before search): the pages the citations feature completed only now
  (Pandoc was still running when they were written) go to the worker, which works on them
  while Pagefind indexes the site.
- :class:`DownloadsDone` (the last feature): waits for the worker, reports what could not be
  made (at the page's line where a character is the cause) and takes those links out.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import multiprocessing
import os
import re
from html import escape
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.diagnostics import Diagnostic
from marginalia.downloads.extract import DOWNLOADS_CLASS
from marginalia.downloads.make import FORMATS, Job, Outcome, make_all, make_one, warm_up
from marginalia.mkdocs.feature import Feature

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_H1_END = re.compile(r"</h1>")
_LINKS = re.compile(rf'<p class="{DOWNLOADS_CLASS}"[^>]*>.*?</p>', re.S)
LABELS = {"epub": "EPUB", "pdf": "PDF"}


class DownloadsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    formats = c.ListOfItems(c.Choice(FORMATS), default=list(FORMATS))
    types = c.ListOfItems(c.Type(str), default=["critique"])
    """The page types that can be taken away."""
    worker = c.Type(bool, default=True)
    """Make the files in a worker process beside the build (else in the build's own)."""
    cache = c.Type(bool, default=True)
    """Keep each file under the citations' cache folder, keyed by the essay's content."""


def links_html(stem: str, formats: tuple[str, ...]) -> str:
    if not formats:
        return ""
    links = " ".join(
        f'<a class="{DOWNLOADS_CLASS}__{f}" href="{escape(stem, quote=True)}.{f}" download>'
        f"{LABELS[f]}</a>"
        for f in formats
    )
    return f'<p class="{DOWNLOADS_CLASS}" data-search-exclude>Take this essay away: {links}</p>'


class DownloadsFeature(Feature):
    options: DownloadsConfig
    assets = ("downloads.css",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.formats = tuple(f for f in FORMATS if f in self.options.formats)
        self.jobs: list[Job] = []  # waiting for the worker's last task (or for no worker)
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.pending: list[concurrent.futures.Future] = []
        self.root = "."
        self.cache: str | None = None
        self.epoch = 0
        self.sources: dict[str, str] = {}  # job source -> absolute Markdown path

    def on_config(self, config: MkDocsConfig) -> None:
        self.root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        if self.options.cache:
            self.cache = os.path.join(self.root, ".cache", "marginalia", "downloads")
        self.epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # else 1980-01-01
        if "pdf" in self.formats:
            try:
                import reportlab  # noqa: F401
            except ImportError:
                self.formats = tuple(f for f in self.formats if f != "pdf")
                self.report(
                    Diagnostic(
                        "mkdocs.yml",
                        None,
                        "downloads.pdf-unavailable",
                        "no PDF downloads: ReportLab is not installed",
                        "install the pinned packages (make build), or leave pdf out of the "
                        "downloads formats",
                    )
                )
        return None

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        if self.options.worker and self.formats and self.pool is None:
            try:
                context = multiprocessing.get_context("spawn")  # no fork of a threaded build
                self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
                self.pool.submit(warm_up)
            except (OSError, RuntimeError):
                self.pool = None  # made in-process instead
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        info = self.site.pages.get(page.file.src_uri)
        if not self.formats or info is None or info.type not in self.options.types:
            return None
        dest = page.file.abs_dest_path
        stem = _stem(page.url, dest)
        source = f"{self.site.docs_prefix}/{page.file.src_uri}".lstrip("/")
        self.sources[source] = page.file.abs_src_path or ""
        links = links_html(stem, self.formats)
        output, found = _H1_END.subn(lambda m: m.group(0) + links, output, count=1)
        if not found:
            output = output.replace("</article>", links + "</article>", 1)
        job = Job(
            source,
            dest,
            page.canonical_url or page.abs_url or page.url,
            str(config.site_name),
            os.path.join(os.path.dirname(dest), stem),
            self.formats,
        )
        if self.pool is not None and not self._completed_later(page):
            job = dataclasses.replace(job, html=output)
            self.pending.append(self.pool.submit(make_one, job, self.cache, self.epoch))
        else:
            self.jobs.append(job)
        return output

    def _completed_later(self, page: Page) -> bool:
        """Whether the citations feature writes this page's citations after the build."""
        from marginalia.mkdocs.citations import CitationsFeature

        for peer in self.peers:
            if isinstance(peer, CitationsFeature):
                return any(late is page for late in peer.late)
        return False

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.jobs:
            return None
        if self.pool is not None:
            self.pending.append(self.pool.submit(make_all, self.jobs, self.cache, self.epoch))
        else:
            future: concurrent.futures.Future = concurrent.futures.Future()
            future.set_result(make_all(self.jobs, self.cache, self.epoch))
            self.pending.append(future)
        self.jobs = []
        return None

    def finish(self) -> None:
        outcomes: list[Outcome] = []
        try:
            for future in self.pending:
                result = future.result()
                outcomes += result if isinstance(result, list) else [result]
        finally:
            self.pending = []
            self._close()
        for outcome in outcomes:
            for fault in outcome.faults:
                line = _line_of(self.sources.get(outcome.job.source, ""), fault.characters)
                self.report(
                    Diagnostic(outcome.job.source, line, fault.code, fault.message, fault.fix)
                )
            if outcome.faults:
                _relink(outcome)

    def _close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None


class DownloadsDone(Feature):
    """The last feature: waits for the files, so the build ends when they are made."""

    def on_post_build(self, config: MkDocsConfig) -> None:
        for peer in self.peers:
            if isinstance(peer, DownloadsFeature):
                peer.finish()
        return None


def _stem(url: str, dest: str) -> str:
    name = url.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith(".html"):
        name = name[:-5]
    return name or os.path.splitext(os.path.basename(dest))[0] or "essay"


def _line_of(path: str, characters: str) -> int | None:
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


def _relink(outcome: Outcome) -> None:
    """The page's links without those of the files that could not be made."""
    path = outcome.job.html_path
    stem = os.path.basename(outcome.job.stem)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = _LINKS.sub(lambda m: links_html(stem, outcome.made), text, count=1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
