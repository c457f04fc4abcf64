"""Run Pagefind over a built site: a search index split into chunks, loaded word by word.

Pagefind reads the built HTML (not the Markdown), so it indexes exactly what a reader sees:
the element marked ``data-pagefind-body`` on each page, minus anything matching the exclude
selectors. It writes its bundle (``pagefind.js``, its WebAssembly, index chunks and one
fragment per page) into the site. The binary comes with the ``pagefind[bin]`` wheel; no
Node.js is needed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from marginalia.search.stable import stabilise_bundle

BUNDLE_DIR = "pagefind"
# The element Pagefind indexes on every page; pages without one are left out.
BODY_ATTRIBUTE = "data-pagefind-body"
# Permalink signs (¶) next to headings are not words of the page.
DEFAULT_EXCLUDE_SELECTORS = ("[data-search-exclude]", ".headerlink")

_INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")


@dataclass(frozen=True)
class IndexRun:
    """The outcome of one indexing run: ``problem`` is empty when the bundle was written."""

    pages: int
    seconds: float
    problem: str = ""
    output: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def pagefind_executable() -> Path | None:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH``, the ``pagefind_bin`` wheel, or PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        return Path(found) if found else None
    try:
        return get_executable()
    except (OSError, FileNotFoundError):
        return None


def index_site(
    site_dir: Path,
    *,
    exclude_selectors: Sequence[str] = DEFAULT_EXCLUDE_SELECTORS,
    timeout: float = 600.0,
) -> IndexRun:
    """Index ``site_dir`` into ``site_dir/pagefind``, replacing any earlier bundle."""
    executable = pagefind_executable()
    if executable is None:
        return IndexRun(0, 0.0, "the Pagefind binary was not found")
    bundle = site_dir / BUNDLE_DIR
    # A bundle left by an earlier build (mkdocs build --dirty) would keep stale fragments.
    shutil.rmtree(bundle, ignore_errors=True)
    command = [str(executable), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]
    if exclude_selectors:
        # One selector list: Pagefind takes a single value on the command line.
        command += ["--exclude-selectors", ", ".join(exclude_selectors)]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )
    except subprocess.TimeoutExpired:
        return IndexRun(0, time.perf_counter() - start, f"Pagefind ran over {timeout:.0f} s")
    except OSError as error:
        return IndexRun(0, time.perf_counter() - start, f"Pagefind could not start: {error}")
    seconds = time.perf_counter() - start
    output = (done.stdout + done.stderr).strip()
    match = _INDEXED_PAGES.search(output)
    pages = int(match.group(1)) if match else 0
    if done.returncode != 0:
        return IndexRun(pages, seconds, f"Pagefind exited with {done.returncode}", output)
    if "Did not find a data-pagefind-body element" in output:
        return IndexRun(pages, seconds, f"no page has a {BODY_ATTRIBUTE} element", output)
    if not (bundle / "pagefind.js").is_file():
        return IndexRun(pages, seconds, "Pagefind wrote no pagefind/pagefind.js", output)
    # The same site, the same bundle: Pagefind writes its filter values in a random order.
    stabilise_bundle(bundle)
    return IndexRun(pages, seconds, "", output)


def last_lines(text: str, count: int = 5) -> str:
    """The end of Pagefind's output, on one line, for a diagnostic."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-count:])
