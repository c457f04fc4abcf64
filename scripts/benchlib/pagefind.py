"""What a reader downloads for a first search with Pagefind, and what indexing costs.

Material's search loads one ``search_index.json`` with every page's text before the first
result, so the payload grows with the site. Pagefind splits its index into chunks by word and
loads, for a one-word search, its script and worker, its WebAssembly, one metadata file, the
chunk that holds the word, and a fragment per result shown.

The site searches with Pagefind (marginalia's ``search`` feature indexes it after the
build), so the bundle weighed is the one a variant with that feature built; its indexing
time is read from that build's log. Only when no such variant was built is the plain site
indexed here, as before.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchlib.measure import run_child

RESULTS_SHOWN = 10  # fragments loaded for the first batch of results the site's box shows
# The variants whose builds run marginalia's search feature, fullest first.
SEARCH_VARIANTS = ("full", "no-citations", "no-related")
_INDEX_LOG = re.compile(r"search: Pagefind indexed (\d+) pages in ([\d.]+) s")


def _kb(paths: list[Path]) -> float:
    return round(sum(p.stat().st_size for p in paths) / 1e3, 1)


def _wire_kb(paths: list[Path]) -> float:
    """Bytes over the wire: scripts and JSON gzipped by the server; Pagefind's own files
    (``.pagefind``, ``.pf_*``) are stored compressed already."""
    total = 0
    for path in paths:
        data = path.read_bytes()
        total += len(gzip.compress(data, 6)) if path.suffix in (".js", ".json") else len(data)
    return round(total / 1e3, 1)


def measure_site_search(
    project: Path, variants: tuple[str, ...], build_seconds: dict[str, float]
) -> dict[str, dict[str, Any]]:
    """Each built variant's Pagefind bundle, fullest first (see the module docstring).

    Empty when no variant ran the search feature; ``measure_pagefind`` then indexes the plain
    site instead.
    """
    found: dict[str, dict[str, Any]] = {}
    for variant in SEARCH_VARIANTS:
        bundle = project / f"site-{variant}" / "pagefind"
        if variant not in variants or not (bundle / "pagefind.js").is_file():
            continue
        times = []
        for log in sorted((project / "logs").glob(f"{variant}-cold-*.log")):
            match = _INDEX_LOG.search(log.read_text("utf-8", errors="replace"))
            if match:
                times.append(float(match.group(2)))
        seconds = statistics.median(times) if times else None
        build = build_seconds.get(variant)
        found[variant] = {
            "ok": True,
            "variant": variant,
            "index_seconds": round(seconds, 2) if seconds is not None else None,
            # The share of that variant's build spent indexing.
            "index_share": round(seconds / build, 3) if seconds is not None and build else None,
            **_weigh_bundle(bundle),
        }
    return found


def measure_pagefind(site: Path, work: Path) -> dict[str, Any] | None:
    """Index ``site`` into ``work/pagefind`` and weigh what a first search downloads."""
    if importlib.util.find_spec("pagefind") is None:
        return None
    bundle = work / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)
    # Index the article only, as Material's index does (not the navigation or footer).
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(bundle)]
    command += ["--root-selector", "article", "--quiet"]
    start = time.perf_counter()
    run = run_child(command, work, work / "logs" / "pagefind.log")
    seconds = time.perf_counter() - start
    if run.returncode != 0 or not bundle.is_dir():
        return {"ok": False, "output_tail": run.output_tail}
    return {
        "ok": True,
        "variant": "plain",
        "index_seconds": round(seconds, 2),
        **_weigh_bundle(bundle),
    }


def _weigh_bundle(bundle: Path) -> dict[str, Any]:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    chunks = [p.stat().st_size for p in bundle.glob("index/*.pf_index")]
    fragments = [p.stat().st_size for p in bundle.glob("fragment/*.pf_fragment")]
    # The synthetic site is English: the reader loads the English WebAssembly only.
    startup = [bundle / name for name in ("pagefind.js", "pagefind-worker.js")]
    startup += [bundle / "pagefind-entry.json", bundle / "wasm.en.pagefind"]
    startup += list(bundle.glob("pagefind.en*.pf_meta"))
    startup_kb = _wire_kb([p for p in startup if p.is_file()])
    chunk_kb = round(max(chunks) / 1e3, 1) if chunks else 0.0
    fragment_kb = round(statistics.fmean(fragments) / 1e3, 2) if fragments else 0.0
    shown = min(RESULTS_SHOWN, len(fragments))
    return {
        "pages": len(fragments),
        "bundle_kb": _kb(files),
        "chunks": len(chunks),
        "startup_kb": startup_kb,
        "largest_chunk_kb": chunk_kb,
        "mean_fragment_kb": fragment_kb,
        # Files are stored compressed; this is what crosses the wire for a one-word search.
        "first_search_kb": round(startup_kb + chunk_kb + shown * fragment_kb, 1),
    }
