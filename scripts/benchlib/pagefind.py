"""What a chunked search index would make a reader download: Pagefind on the built site.

Material's search loads one ``search_index.json`` with every page's text before the first
result, so the payload grows with the site. Pagefind splits its index into chunks by word and
loads, for a one-word search, its script, its WebAssembly, one metadata file, the chunk that
holds the word, and a fragment per result shown. Measured here next to Material's index;
nothing in the real site uses it.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchlib.measure import run_child

RESULTS_SHOWN = 5  # fragments loaded for the first page of results


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
    files = [p for p in bundle.rglob("*") if p.is_file()]
    chunks = [p.stat().st_size for p in bundle.glob("index/*.pf_index")]
    fragments = [p.stat().st_size for p in bundle.glob("fragment/*.pf_fragment")]
    # The synthetic site is English: the reader loads the English WebAssembly only.
    startup = [bundle / "pagefind.js", bundle / "pagefind-entry.json", bundle / "wasm.en.pagefind"]
    startup += list(bundle.glob("pagefind.en*.pf_meta"))
    startup_kb = _wire_kb([p for p in startup if p.is_file()])
    chunk_kb = round(max(chunks) / 1e3, 1) if chunks else 0.0
    fragment_kb = round(statistics.fmean(fragments) / 1e3, 2) if fragments else 0.0
    return {
        "ok": True,
        "index_seconds": round(seconds, 2),
        "bundle_kb": _kb(files),
        "chunks": len(chunks),
        "startup_kb": startup_kb,
        "largest_chunk_kb": chunk_kb,
        "mean_fragment_kb": fragment_kb,
        # Files are stored compressed; this is what crosses the wire for a one-word search.
        "first_search_kb": round(startup_kb + chunk_kb + RESULTS_SHOWN * fragment_kb, 1),
    }
