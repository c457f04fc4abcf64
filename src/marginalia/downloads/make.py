"""Making the files of many essays, in a worker process, with a content-keyed cache.

A job names a built page and where its files go; the worker reads the page, makes each
format and returns what it made and what it could not, as plain records the build reports
(the worker never logs). A file is taken from the cache when the essay, the format's
version and the date are the same as when it was made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from marginalia.downloads.epub import epub_bytes
from marginalia.downloads.extract import NotAnEssay, essay_from_html

FORMATS = ("epub", "pdf")
# Raised when a format's output changes for the same essay, so cached files are remade.
FORMAT_VERSION = {"epub": "1", "pdf": "2"}


@dataclass(frozen=True)
class Job:
    source: str  # the page's Markdown, relative to the project root, for faults
    html_path: str  # the built page
    url: str
    site_name: str
    stem: str  # the files' path without extension (next to the built page)
    formats: tuple[str, ...]
    html: str = ""  # the page as written, when it was final then; else read from html_path


@dataclass(frozen=True)
class Fault:
    format: str
    code: str
    message: str
    fix: str
    characters: str = ""  # for a missing glyph: which, so the build can find their line


@dataclass(frozen=True)
class Outcome:
    job: Job
    made: tuple[str, ...]
    faults: tuple[Fault, ...]
    cached: int = 0


def warm_up() -> None:
    """Import and register fonts before the jobs come, while the build still renders."""
    from marginalia.downloads import pdf

    pdf.missing_characters("")


def make_all(jobs: list[Job], cache_dir: str | None, epoch: int) -> list[Outcome]:
    return [make_one(job, cache_dir, epoch) for job in jobs]


def make_one(job: Job, cache_dir: str | None, epoch: int) -> Outcome:
    try:
        html = job.html or Path(job.html_path).read_text("utf-8")
        essay = essay_from_html(html, url=job.url, site_name=job.site_name)
    except (OSError, NotAnEssay) as error:
        faults = tuple(
            Fault(
                f,
                "downloads.no-essay",
                f"no {f.upper()} made: {error}",
                "build the page with a theme that writes its text in an <article> element",
            )
            for f in job.formats
        )
        return Outcome(job, (), faults)
    made: list[str] = []
    faults: list[Fault] = []
    cached = 0
    modified = dt.datetime.fromtimestamp(epoch, dt.UTC)
    for fmt in job.formats:
        key = essay.key(f"{fmt}:{FORMAT_VERSION[fmt]}:{epoch}")
        cache_file = Path(cache_dir, f"{key}.{fmt}") if cache_dir else None
        data = _read(cache_file) if cache_file else None
        if data is not None:
            cached += 1
            with contextlib.suppress(OSError):  # in use: kept when the cache is pruned
                os.utime(cache_file)  # type: ignore[arg-type]
        else:
            try:
                data = _make(fmt, essay, modified)
            except Exception as error:  # reported with its page, never a traceback
                faults.append(_fault(fmt, error))
                continue
            if cache_file is not None:
                _write(cache_file, data)
        _write(Path(f"{job.stem}.{fmt}"), data)
        made.append(fmt)
    return Outcome(job, tuple(made), tuple(faults), cached)


def _make(fmt: str, essay: object, modified: dt.datetime) -> bytes:
    if fmt == "epub":
        return epub_bytes(essay, modified)  # type: ignore[arg-type]
    from marginalia.downloads.pdf import pdf_bytes

    return pdf_bytes(essay)  # type: ignore[arg-type]


def _fault(fmt: str, error: Exception) -> Fault:
    from marginalia.downloads.pdf import MissingGlyphs

    if isinstance(error, MissingGlyphs):
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in error.characters[:8])
        return Fault(
            fmt,
            "downloads.pdf-missing-glyph",
            f"no PDF made: neither of its fonts (Helvetica, Bitstream Vera) can draw {shown}",
            "write the character another way (a transliteration, a word for it), or leave "
            "PDF out of the downloads formats; the EPUB is made all the same",
            error.characters,
        )
    return Fault(
        fmt,
        f"downloads.{fmt}-failed",
        f"no {fmt.upper()} made: {type(error).__name__}: {error}",
        "report this with the page's source; the page is built all the same",
    )


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    """Atomically, so an interrupted build never leaves half a file (or half a cache entry)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
