"""``python -m marginalia.checks --external``: every external link, as diagnostics.

Settings (timeouts, retries, concurrency and per-host limits, the cache's maximum age, the
ignore list) live in ``lychee.toml`` at the project root, in lychee's own format.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from marginalia.bibliography.files import BibFilesError, bib_files
from marginalia.checks.external.lychee import LinkResult, run_lychee
from marginalia.checks.external.recheck import RETRYABLE, recheck
from marginalia.checks.external.sources import LinkSource, bib_links, pages
from marginalia.checks.siteconfig import marginalia_options, read_site_config
from marginalia.diagnostics import Diagnostic

CACHE_DIR = Path(".cache") / "linkcheck"
BIB_LIST = "bib-links.txt"


def run_external(
    config_file: str | os.PathLike[str],
    *,
    offline: bool = False,
    extra_args: list[str] | None = None,
    cache_dir: Path | None = None,
    patience: dict[str, float] | None = None,
) -> list[Diagnostic]:
    """Check the links to other sites in the pages and ``.bib`` files of one project."""
    config_path = Path(config_file).resolve()
    root = config_path.parent
    config = read_site_config(config_path)
    docs_dir = root / str(config.get("docs_dir") or "docs")
    cache = (cache_dir or root / CACHE_DIR).resolve()
    cache.mkdir(parents=True, exist_ok=True)

    bib_sources: list[LinkSource] = []
    for bib_file in _bib_files(root, config):
        bib_sources.extend(bib_links(bib_file, _rel(bib_file, root)))
    bib_list = cache / BIB_LIST
    bib_list.write_text("".join(f"{s.url}\n" for s in bib_sources), encoding="utf-8")

    lychee_config = root / "lychee.toml"
    results = run_lychee(
        [*pages(docs_dir), bib_list] if bib_sources else pages(docs_dir),
        cache_dir=cache,
        config=lychee_config if lychee_config.is_file() else None,
        offline=offline,
        extra_args=extra_args,
    )
    # lychee does not always wait as long as a busy server asks: links that still end in 429
    # or 5xx get a second, patient look of our own, and are dropped if they now answer.
    refused = [r.url for r in results if r.outcome == "error" and r.status_code in RETRYABLE]
    recovered = set()
    if refused and not offline:
        final = recheck(refused, **(patience or {}))
        recovered = {url for url, status in final.items() if status and 200 <= status < 300}
    found = []
    for result in results:
        if result.url in recovered:
            continue
        if Path(result.input).name == BIB_LIST and Path(result.input).parent == cache:
            index = (result.line or 0) - 1
            if not 0 <= index < len(bib_sources):
                continue
            path, line = bib_sources[index].path, bib_sources[index].line
        else:
            path, line = _rel(Path(result.input), root), result.line
        diagnostic = to_diagnostic(result, path, line)
        if diagnostic is not None:
            found.append(diagnostic)
    return found


def to_diagnostic(result: LinkResult, path: str, line: int | None) -> Diagnostic | None:
    """What a contributor is told about one checked link (None when nothing is wrong)."""
    url = result.url
    if result.outcome == "excluded":
        return None
    if result.outcome == "ok":
        new = result.moved_to
        if new is None or new.rstrip("/") == url.rstrip("/"):
            return None
        return Diagnostic(
            path,
            line,
            "external.moved",
            f"'{url}' has moved permanently to '{new}'",
            "replace the old address with the new one",
            "advisory",
        )
    if result.outcome == "timeout":
        return Diagnostic(
            path,
            line,
            "external.timeout",
            f"'{url}' did not answer in time, even after retries",
            "open it in a browser; if the site is gone, link to an archived copy",
        )
    if result.loops:
        return Diagnostic(
            path,
            line,
            "external.redirect-loop",
            f"'{url}' redirects in a loop and never reaches a page",
            "find the page's current address in a browser and link to that",
        )
    if "fragment" in result.status_text.lower():
        base, _, fragment = url.partition("#")
        return Diagnostic(
            path,
            line,
            "external.missing-fragment",
            f"'{base}' has no anchor '#{fragment}'",
            "open the page and link to an anchor it has, or drop the '#...' part",
        )
    code = result.status_code
    if code is not None and 400 <= code < 500 and code != 429:
        return Diagnostic(
            path,
            line,
            "external.broken",
            f"'{url}' answers {result.status_text.removeprefix('Rejected status code: ')}",
            "correct the address, or link to an archived copy (web.archive.org)",
        )
    return Diagnostic(
        path,
        line,
        "external.unreachable",
        f"'{url}' could not be reached: {result.status_text}",
        "if it stays unreachable on the next run, correct it or link to an archived copy",
    )


def _bib_files(root: Path, config: dict[str, Any]) -> list[Path]:
    citations = marginalia_options(config).get("citations") or {}
    bibliography = citations.get("bibliography") if isinstance(citations, dict) else None
    if isinstance(bibliography, str):
        bibliography = [bibliography]
    if bibliography is None:
        return bib_files(root, None)
    found: list[Path] = []
    for pattern in bibliography:
        # A pattern that finds nothing is the build's to report; read what the others find.
        with contextlib.suppress(BibFilesError):
            found.extend(f for f in bib_files(root, [str(pattern)]) if f not in found)
    return found


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
