"""Targets, the printed table and the JSON record of one benchmark run."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

LINKCHECK_SECONDS = 10.0  # "in seconds": what we hold the 2,000-page internal check to
NAVIGATION_NOTES = {
    "plain": "Material alone, no section limit",
    "no-citations": "with the navigation's section_limit, as the site ships",
    "full": "with the navigation's section_limit, as the site ships",
}


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    memory_gb = None
    try:
        with open("/proc/meminfo") as info:
            kib = int(info.readline().split()[1])
        memory_gb = round(kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "mkdocs-bibtex", "linkchecker", "bibtexparser"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def _get(result: dict, *path: str) -> Any:
    for key in path:
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def evaluate_targets(sizes: dict[str, dict]) -> list[dict[str, Any]]:
    """Each target of the issues next to the ratio this run measured, and whether it holds."""
    measured = sorted(int(s) for s in sizes)
    if not measured:
        return []
    # Citation targets are set at 500 pages; growth compares the largest size with 500 (or,
    # in a smaller run, with the next size down).
    mid = 500 if 500 in measured else max([s for s in measured if s <= 500] or measured[:1])
    large = max(measured)
    base = (
        500 if 500 in measured and large > 500 else (measured[-2] if len(measured) > 1 else large)
    )
    at_mid, at_large, at_base = sizes[str(mid)], sizes[str(large)], sizes[str(base)]
    targets: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, at: str, note: str = "") -> None:
        targets.append(
            {
                "target": name,
                "at": at,
                "value": value,
                "limit": limit,
                "holds": None if value is None else value <= limit,
                "note": note,
            }
        )

    entries = at_mid.get("entries")
    add(
        "citations add ≤15% (cold build, citations/plain)",
        _get(at_mid, "builds", "citations", "ratio_to_plain", "seconds"),
        1.15,
        f"{mid} pages, {entries} entries",
    )
    notes = _get(at_mid, "paired", "note-style", "seconds") or {}
    add(
        "a note style adds ≤10% to the author-date build (cold, notes/full, median of rounds)",
        notes.get("median"),
        1.10,
        f"{mid} pages, {entries} entries",
        f"ratio of the medians {_fmt(_ratio(_get(at_mid, 'builds', 'notes', 'seconds'), _get(at_mid, 'builds', 'full', 'seconds')), '.3f')}",
    )
    same = _get(at_mid, "paired", "note-style-same-manual", "seconds") or {}
    add(
        "the same, against Chicago's own author-date style (notes/chicago, median of rounds)",
        same.get("median"),
        1.10,
        f"{mid} pages, {entries} entries",
    )
    add(
        "citations add ≤5% on a rebuild after one page changed (fresh process)",
        _ratio(
            _get(at_mid, "rebuilds", "citations", "seconds"),
            _get(at_mid, "rebuilds", "plain", "seconds"),
        ),
        1.05,
        f"{mid} pages",
    )
    add(
        "citations add ≤5% on a rebuild after one page changed (in process, as mkdocs serve)",
        _ratio(
            _get(at_mid, "rebuilds_in_process", "citations", "seconds"),
            _get(at_mid, "rebuilds_in_process", "plain", "seconds"),
        ),
        1.05,
        f"{mid} pages",
    )
    # A difference of a few percent is smaller than how far a shared machine drifts over a
    # run: the builds of each round are compared with each other, and the median taken.
    related = _get(at_large, "paired", "related") or {}
    for unit, name in (
        ("seconds", "wall time"),
        ("cpu_seconds", "CPU time (user + system, Pagefind included)"),
    ):
        spread = related.get(unit) or {}
        medians = _ratio(
            _get(at_large, "builds", "no-citations", unit),
            _get(at_large, "builds", "no-related", unit),
        )
        add(
            f"related pages and backlinks add ≤5%, {name} "
            "(no-citations/no-related, median of the rounds' ratios)",
            spread.get("median"),
            1.05,
            f"{large} pages",
            f"{related.get('rounds', 0)} rounds, range {_fmt(spread.get('min'), '.3f')}–"
            f"{_fmt(spread.get('max'), '.3f')}; ratio of the medians {_fmt(medians, '.3f')}; "
            "both without citations, whose cost would drown the difference",
        )
    readers = _get(at_mid, "paired", "readers") or {}
    for unit, name in (("seconds", "wall time"), ("cpu_seconds", "CPU time")):
        spread = readers.get(unit) or {}
        add(
            f"the map and the downloads add ≤5%, {name} (full/no-readers, median of the "
            "rounds' ratios)",
            spread.get("median"),
            1.05,
            f"{mid} pages",
            f"{readers.get('rounds', 0)} rounds, range {_fmt(spread.get('min'), '.3f')}–"
            f"{_fmt(spread.get('max'), '.3f')}",
        )
    add(
        f"internal link check in seconds (marginalia, ≤{LINKCHECK_SECONDS:.0f} s)",
        _get(at_large, "linkcheck", "marginalia", "seconds"),
        LINKCHECK_SECONDS,
        f"{large} pages",
        f"linkchecker on the same folder: {_get(at_large, 'linkcheck', 'linkchecker', 'seconds')} s",
    )
    if large != base:
        growth = f"{large} vs {base} pages"
        for variant in ("plain", "no-citations", "full"):
            if _get(at_large, "builds", variant) is None:
                continue
            # Only marginalia's navigation feature prunes large sections: the plain build
            # (Material alone) shows what a site without it costs.
            navigation = NAVIGATION_NOTES[variant]
            steadier = "; user+system time, steadier than wall time on a busy machine"
            for what, path, note in (
                ("per-page build time", ("seconds_per_page",), navigation),
                ("per-page CPU time", ("cpu_seconds_per_page",), navigation + steadier),
                ("mean content-page weight", ("weight", "content_page_kb"), navigation),
            ):
                add(
                    f"{what} grows ≤1.2× ({variant})",
                    _ratio(
                        _get(at_large, "builds", variant, *path),
                        _get(at_base, "builds", variant, *path),
                    ),
                    1.2,
                    growth,
                    note,
                )
        add(
            "search payload before the first search grows ≤1.2× (Material's search_index.json)",
            _ratio(
                _get(at_large, "builds", "plain", "weight", "search_index_kb"),
                _get(at_base, "builds", "plain", "weight", "search_index_kb"),
            ),
            1.2,
            growth,
            f"pages grew {large / base:.1f}×; Material's index is one file, downloaded whole",
        )
        # The same variant at both sizes: the full build is skipped at 2,000 pages by default.
        common = [v for v in (at_large.get("search") or {}) if v in (at_base.get("search") or {})]
        variant = common[0] if common else None
        large_kb = _get(at_large, "search", variant, "first_search_kb") if variant else None
        add(
            "search payload before the first result grows ≤1.2× (Pagefind, as the site ships it)",
            _ratio(large_kb, _get(at_base, "search", variant, "first_search_kb"))
            if variant
            else None,
            1.2,
            growth,
            f"{large_kb} KB ({variant}) against Material's "
            f"{_get(at_large, 'builds', 'plain', 'weight', 'search_index_gzip_kb')} KB gzipped "
            f"(plain); indexing took {_get(at_large, 'search', variant, 'index_seconds')} s"
            if variant
            else "no variant with the search feature was built at both sizes",
        )
    return targets


def peer_figures(sizes: dict[str, dict]) -> list[dict[str, Any]]:
    """mkdocs-bibtex next to marginalia's citations, at each size (reference: 2.5× and 2.1×)."""
    rows = []
    for size, result in sorted(sizes.items(), key=lambda kv: int(kv[0])):
        rows.append(
            {
                "pages": int(size),
                "entries": result.get("entries"),
                "peer_to_plain": _get(result, "builds", "peer", "ratio_to_plain", "seconds"),
                "citations_to_plain": _get(
                    result, "builds", "citations", "ratio_to_plain", "seconds"
                ),
                "peer_to_citations": _ratio(
                    _get(result, "builds", "peer", "seconds"),
                    _get(result, "builds", "citations", "seconds"),
                ),
            }
        )
    return rows


def _fmt(value: Any, spec: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return format(value, spec)


def table(record: dict[str, Any]) -> str:
    lines = []
    head = (
        f"{'pages':>5} {'variant':<10} {'seconds':>8} {'×plain':>7} {'ms/page':>8} {'cpu ms/p':>8} "
        f"{'RSS MB':>7} "
        f"{'site MB':>8} {'page KB':>8} {'search KB':>10} {'gzip KB':>8} {'warn':>5}"
    )
    lines += ["Builds from cold (median of the runs)", head, "-" * len(head)]
    for size, result in sorted(record["sizes"].items(), key=lambda kv: int(kv[0])):
        for variant, b in result["builds"].items():
            w = b["weight"]
            cpu = b.get("cpu_seconds_per_page")
            cpu = cpu * 1000 if cpu is not None else None
            lines.append(
                f"{size:>5} {variant:<10} {_fmt(b['seconds'], '.2f'):>8} "
                f"{_fmt(b['ratio_to_plain']['seconds'], '.2f'):>7} "
                f"{_fmt(b['seconds_per_page'] * 1000, '.1f'):>8} {_fmt(cpu, '.1f'):>8} "
                f"{_fmt(b['max_rss_mb'], '.0f'):>7} "
                f"{_fmt(w['site_mb'], '.1f'):>8} {_fmt(w['content_page_kb'], '.1f'):>8} "
                f"{_fmt(w['search_index_kb'], '.0f'):>10} {_fmt(w['search_index_gzip_kb'], '.0f'):>8} "
                f"{b['warnings'] if b['ok'] else 'FAIL':>5}"
            )
    lines += [
        "",
        "Rebuild after one page changed",
        f"{'pages':>5} {'variant':<10} {'fresh s':>8} {'×plain':>7} {'in-proc s':>10} {'×plain':>7}",
    ]
    for size, result in sorted(record["sizes"].items(), key=lambda kv: int(kv[0])):
        inproc = result.get("rebuilds_in_process", {})
        for variant, r in result["rebuilds"].items():
            i = inproc.get(variant, {})
            lines.append(
                f"{size:>5} {variant:<10} {_fmt(r.get('seconds'), '.2f'):>8} "
                f"{_fmt(r.get('ratio_to_plain'), '.2f'):>7} {_fmt(i.get('seconds'), '.2f'):>10} "
                f"{_fmt(i.get('ratio_to_plain'), '.2f'):>7}"
            )
    lines += [
        "",
        "Internal link check of the built site",
        f"{'pages':>5} {'checker':<12} {'seconds':>8} {'RSS MB':>7} {'ok':>4}",
    ]
    for size, result in sorted(record["sizes"].items(), key=lambda kv: int(kv[0])):
        for name in ("marginalia", "linkchecker"):
            c = result.get("linkcheck", {}).get(name)
            if c is None:
                continue
            if c.get("missing"):
                lines.append(f"{size:>5} {name:<12} {'not available':>8}")
                continue
            seconds = (">" if c.get("timed_out") else "") + _fmt(c["seconds"], ".2f")
            findings = c.get("findings") or {}
            lines.append(
                f"{size:>5} {name:<12} {seconds:>8} {_fmt(c['max_rss_mb'], '.0f'):>7} "
                f"{_fmt(c['ok']):>4}  {findings.get('errors', '–')} errors"
                + (" (stopped: timed out)" if c.get("timed_out") else "")
            )
    lines += [
        "",
        "Search payload for a first one-word search, KB (Material: the plain build's",
        "search_index.json gzipped; Pagefind, as the site ships it: script, worker, WebAssembly,",
        "metadata, the largest index chunk, 10 result fragments), and the time indexing adds",
    ]
    for size, result in sorted(record["sizes"].items(), key=lambda kv: int(kv[0])):
        material = _get(result, "builds", "plain", "weight", "search_index_gzip_kb")
        lines.append(f"{size:>5} pages: Material {_fmt(material, '.0f')} KB (plain)")
        for variant, pf in (
            result.get("search") or {"plain": result.get("pagefind") or {}}
        ).items():
            share = pf.get("index_share")
            lines.append(
                f"{'':>11} Pagefind {_fmt(pf.get('first_search_kb'), '.0f')} KB ({variant}; "
                f"whole bundle {_fmt(pf.get('bundle_kb'), '.0f')} KB, {_fmt(pf.get('chunks'))} "
                f"chunks), indexed in {_fmt(pf.get('index_seconds'), '.2f')} s"
                + (f" = {share * 100:.1f}% of that build" if share is not None else "")
            )
    lines += [
        "",
        "What one variant adds to another, round by round (each round builds both)",
    ]
    for size, result in sorted(record["sizes"].items(), key=lambda kv: int(kv[0])):
        for name, pair in (result.get("paired") or {}).items():
            wall, cpu = pair["seconds"], pair["cpu_seconds"]
            lines.append(
                f"{size:>5} pages, {name} ({pair['with']}/{pair['without']}, "
                f"{pair['rounds']} rounds): wall {_fmt(wall['median'], '.3f')}× "
                f"({_fmt(wall['min'], '.3f')}–{_fmt(wall['max'], '.3f')}), "
                f"CPU {_fmt(cpu['median'], '.3f')}× ({_fmt(cpu['min'], '.3f')}–"
                f"{_fmt(cpu['max'], '.3f')})"
            )
    lines += ["", "mkdocs-bibtex (peer) and marginalia citations, each against the plain build"]
    for row in record["peer"]:
        lines.append(
            f"{row['pages']:>5} pages, {row['entries']} entries: peer {_fmt(row['peer_to_plain'], '.2f')}×, "
            f"marginalia citations {_fmt(row['citations_to_plain'], '.2f')}×, "
            f"peer/marginalia {_fmt(row['peer_to_citations'], '.2f')}×"
        )
    lines += ["", "Targets (ratios measured in this run)"]
    for t in record["targets"]:
        verdict = {True: "holds", False: "MISSED", None: "not measured"}[t["holds"]]
        note = f"  ({t['note']})" if t["note"] else ""
        lines.append(
            f"  {verdict:<12} {_fmt(t['value'], '.3f'):>7} (limit {t['limit']})  {t['target']}, at {t['at']}{note}"
        )
    return "\n".join(lines)


def record(options: dict[str, Any], sizes: dict[str, dict], started: dt.datetime) -> dict[str, Any]:
    return {
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(["scripts/bench", *sys.argv[1:]]),
        "machine": machine(),
        "options": options,
        "sizes": sizes,
        "peer": peer_figures(sizes),
        "targets": evaluate_targets(sizes),
    }


def write_json(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
