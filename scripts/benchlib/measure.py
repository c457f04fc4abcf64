"""Timing a child process (wall time, peak memory) and weighing a built site."""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# Silence Material's end-of-life banner: the logs are read for warnings.
CHILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def default_workdir(repo: Path, shm: Path = Path("/dev/shm"), free_gb: float = 4.0) -> Path:
    """A folder in memory when there is room, else one in the repository.

    Every cold build deletes the site it built before and writes it again (80 MB to 560 MB at
    2,000 pages). On a disk, the kernel's part of that work grows from build to build (on
    one ext4 with online discard: system time from 1.7 s to 7 s over six identical builds,
    user time flat), which drifts the figures more than the differences they measure.
    """
    try:
        usage = shutil.disk_usage(shm)
        writable = os.access(shm, os.W_OK)
    except OSError:
        usage, writable = None, False
    if usage and writable and usage.free >= free_gb * 1e9:
        return shm / "marginalia-bench"
    return repo / "bench-results" / "sites"


@dataclass
class Run:
    """One timed child process."""

    seconds: float
    max_rss_mb: float
    returncode: int
    warnings: int  # log lines at WARNING or ERROR: a benchmark site should have none
    output_tail: str = ""
    timed_out: bool = False
    # User plus system CPU time of the child and what it waited for (Pandoc): unlike the
    # wall time, hardly changed by other work on a shared machine.
    cpu_seconds: float = 0.0


def run_child(command: list[str], cwd: Path, log: Path, timeout: float | None = None) -> Run:
    """Run ``command``, time it, and read its peak resident memory from ``wait4``.

    ``wait4`` reports the child's own maximum RSS (including any grandchild it waited for,
    such as a pandoc process), not the benchmark's, so the figures are per build. A child
    still running after ``timeout`` seconds is killed and marked ``timed_out``.
    """
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=CHILD_ENV
        )
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        timed_out = timeout is not None and seconds >= timeout
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text("utf-8", errors="replace")
    warnings = sum(
        1 for line in text.splitlines() if line.startswith(("WARNING", "ERROR", "  WARNING"))
    )
    tail = "\n".join(text.splitlines()[-15:])
    # ru_maxrss is in KiB on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode, warnings, tail, timed_out, cpu)


@dataclass
class Measurement:
    """Several runs of one scenario, summarised by their median."""

    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    @property
    def max_rss_mb(self) -> float:
        return max(r.max_rss_mb for r in self.runs)

    @property
    def ok(self) -> bool:
        return all(r.returncode == 0 for r in self.runs)

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)


@dataclass(frozen=True)
class SiteWeight:
    """What a built site weighs on disk and for a reader."""

    site_mb: float
    html_pages: int
    mean_page_kb: float  # every HTML page but 404.html
    content_page_kb: float  # the generated critiques, projects and concepts only
    max_page_kb: float
    search_index_kb: float
    search_index_gzip_kb: float

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def weigh_site(site: Path, content_html: list[str]) -> SiteWeight:
    """Sizes in the built ``site``; ``content_html`` are the content pages' files in it.

    The mean over content pages is the figure to compare across variants: the full build
    adds small pages (one per tag) that would pull the mean over all pages down.
    """
    total = 0
    pages: list[int] = []
    content = [(site / rel).stat().st_size for rel in content_html if (site / rel).is_file()]
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        if path.suffix == ".html" and path.name != "404.html":
            pages.append(size)
    index = site / "search" / "search_index.json"
    raw = index.read_bytes() if index.is_file() else b""
    return SiteWeight(
        site_mb=round(total / 1e6, 2),
        html_pages=len(pages),
        mean_page_kb=round(statistics.fmean(pages) / 1e3, 1) if pages else 0.0,
        content_page_kb=round(statistics.fmean(content) / 1e3, 1) if content else 0.0,
        max_page_kb=round(max(pages) / 1e3, 1) if pages else 0.0,
        search_index_kb=round(len(raw) / 1e3, 1),
        search_index_gzip_kb=round(len(gzip.compress(raw, 6)) / 1e3, 1) if raw else 0.0,
    )
