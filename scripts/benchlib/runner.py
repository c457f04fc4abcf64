"""The measurements, interleaved so that every ratio compares runs made side by side.

For each size, each round builds every variant once from cold (no on-disk cache), then
changes one page and builds again in a fresh process (the rebuild), then restores the page.
Interleaving rounds, rather than running all plain builds and then all full builds, keeps a
load spike on a shared machine from landing on one variant only; the order of the variants
turns by one each round, so no variant always runs right after another (a build leaves the
page cache and the CPU's clock in a state the next one inherits). The medians of the rounds
are the figures; ratios divide medians of the same run. For differences smaller than the
drift of a shared machine over a run, ``paired`` also divides the two builds of each round
and takes the median of those ratios.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchlib.checkers import (
    linkchecker_command,
    linkchecker_findings,
    marginalia_check_command,
    marginalia_findings,
    serve_folder,
)
from benchlib.corpus import NameShape
from benchlib.measure import Measurement, run_child, weigh_site
from benchlib.pagefind import measure_pagefind, measure_site_search
from benchlib.siteconfig import VARIANTS, site_base_path, write_variant_configs
from benchlib.sitegen import GeneratedSite, SiteSpec, generate, site_stats

INPROCESS = Path(__file__).resolve().parent / "inprocess.py"
# What one variant adds to another, compared round by round: name -> (with, without).
PAIRED = {
    "related": ("no-citations", "no-related"),
    "citations": ("citations", "plain"),
    "readers": ("full", "no-readers"),  # the map and the downloads
    "backlink-context": ("no-citations", "no-context"),
    "note-style": ("notes", "full"),
    "note-style-same-manual": ("notes", "chicago"),
}
EDIT = "\n\nA paragraph added to time the rebuild after one page changed.\n"


@dataclass
class Options:
    """What to measure; see ``scripts/bench --help``."""

    repo: Path
    workdir: Path
    sizes: list[int] = field(default_factory=lambda: [100, 500, 2000])
    runs: int = 3
    runs_large: int = 1  # at 2,000 pages and more
    runs_by_size: dict[int, int] = field(default_factory=dict)  # overrides both, per size
    entries: int = 10_000
    seed: int = 1
    variants: tuple[str, ...] = VARIANTS
    # The rebuild target is about citations; "full" would add another whole Pandoc run.
    rebuild_variants: tuple[str, ...] = ("plain", "citations")
    # At 2,000 pages and more: the variants the targets need there (scale, related pages and
    # backlinks); the citation and rebuild targets are set at 500 pages.
    large_variants: tuple[str, ...] = ("plain", "no-citations", "no-related")
    large_rebuilds: bool = False
    inprocess_max_size: int = 100  # in-process rebuilds only up to this size (they cost 2 builds)
    linkcheck: bool = True
    linkcheck_min_size: int = 0  # check links only at this many pages and more
    check_timeout: float = 600.0  # linkchecker fetches every anchored URL again: cap it
    peer_csl: bool = False
    names: NameShape = field(default_factory=NameShape)  # how the .bib's names are spread
    nav: str = "pages"  # see siteconfig.NAV_MODES  # mkdocs-bibtex with pandoc and the APA style (slow: see siteconfig)

    def runs_for(self, pages: int) -> int:
        if pages in self.runs_by_size:
            return self.runs_by_size[pages]
        return self.runs_large if pages >= 2000 else self.runs


def _mkdocs_build(config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", config.name]


def _summary(measurement: Measurement) -> dict[str, Any]:
    runs = measurement.runs
    return {
        "seconds": round(measurement.seconds, 3),
        "runs_seconds": [round(r.seconds, 3) for r in runs],
        "cpu_seconds": round(measurement.cpu_seconds, 3),
        "max_rss_mb": round(measurement.max_rss_mb, 1),
        "ok": measurement.ok,
        "warnings": max(r.warnings for r in runs),
        **({"timed_out": True} if measurement.timed_out else {}),
        **({} if measurement.ok else {"output_tail": runs[-1].output_tail}),
    }


def round_order(variants: tuple[str, ...], round_: int) -> tuple[str, ...]:
    """The variants in the order round ``round_`` builds them: turned by one each round."""
    turn = round_ % len(variants) if variants else 0
    return variants[turn:] + variants[:turn]


def paired_ratios(cold: dict[str, Measurement]) -> dict[str, Any]:
    """For each pair of ``PAIRED`` built in this run, the ratio of its two builds in each
    round (wall and CPU time), their median and range."""
    out: dict[str, Any] = {}
    for name, (with_, without) in PAIRED.items():
        if with_ not in cold or without not in cold:
            continue
        pairs = list(zip(cold[with_].runs, cold[without].runs, strict=True))
        wall = [a.seconds / b.seconds for a, b in pairs if a.seconds and b.seconds]
        cpu = [a.cpu_seconds / b.cpu_seconds for a, b in pairs if a.cpu_seconds and b.cpu_seconds]
        out[name] = {
            "with": with_,
            "without": without,
            "rounds": len(pairs),
            "seconds": _spread(wall),
            "cpu_seconds": _spread(cpu),
        }
    return out


def _spread(ratios: list[float]) -> dict[str, Any]:
    if not ratios:
        return {"median": None, "min": None, "max": None, "ratios": []}
    return {
        "median": round(statistics.median(ratios), 3),
        "min": round(min(ratios), 3),
        "max": round(max(ratios), 3),
        "ratios": [round(r, 3) for r in ratios],
    }


def _clear_caches(project: Path) -> None:
    """Cold start: no on-disk cache left by an earlier build of the project."""
    shutil.rmtree(project / ".cache", ignore_errors=True)


def measure_size(options: Options, pages: int, say: Callable[[str], None]) -> dict[str, Any]:
    spec = SiteSpec(pages=pages, entries=options.entries, seed=options.seed, names=options.names)
    site: GeneratedSite = generate(spec, options.workdir / spec.name, options.repo)
    project = site.root
    configs = write_variant_configs(
        options.repo, project, options.variants, options.peer_csl, options.nav
    )
    logs = project / "logs"
    logs.mkdir(exist_ok=True)
    runs = options.runs_for(pages)
    large = pages >= 2000
    variants = tuple(v for v in options.variants if not large or v in options.large_variants)
    rebuild = options.rebuild_variants if not large or options.large_rebuilds else ()
    cold = {v: Measurement() for v in variants}
    rebuilt = {v: Measurement() for v in rebuild if v in variants}
    original = site.edit_target.read_text("utf-8")

    for round_ in range(runs):
        for variant in round_order(variants, round_):
            _clear_caches(project)
            log = logs / f"{variant}-cold-{round_}.log"
            run = run_child(_mkdocs_build(configs[variant]), project, log)
            cold[variant].runs.append(run)
            say(f"  {pages:>5} pages  {variant:<10} cold     {run.seconds:7.2f} s")
            if variant in rebuilt:
                site.edit_target.write_text(original + EDIT * (round_ + 1), "utf-8")
                try:
                    log = logs / f"{variant}-rebuild-{round_}.log"
                    run = run_child(_mkdocs_build(configs[variant]), project, log)
                finally:
                    site.edit_target.write_text(original, "utf-8")
                rebuilt[variant].runs.append(run)
                say(f"  {pages:>5} pages  {variant:<10} rebuild  {run.seconds:7.2f} s")

    builds: dict[str, Any] = {}
    for variant, measurement in cold.items():
        builds[variant] = {
            **_summary(measurement),
            "seconds_per_page": round(measurement.seconds / pages, 5),
            "cpu_seconds_per_page": round(measurement.cpu_seconds / pages, 5),
            "weight": weigh_site(project / f"site-{variant}", site.content_html).as_dict(),
        }
    result: dict[str, Any] = {
        "pages": pages,
        "nav": options.nav,
        "corpus": site_stats(project),
        "entries": options.entries,
        "runs": runs,
        "builds": builds,
        "rebuilds": {v: _summary(m) for v, m in rebuilt.items()},
        "paired": paired_ratios(cold),
    }
    if pages <= options.inprocess_max_size:
        result["rebuilds_in_process"] = {
            v: _in_process(configs[v], site, logs, say) for v in rebuilt
        }
    # The search payload as the site ships it: the bundle each searching variant built
    # ("pagefind" is the fullest of them), or the plain site indexed here if none did.
    searched = measure_site_search(project, variants, {v: b["seconds"] for v, b in builds.items()})
    result["search"] = searched
    result["pagefind"] = (
        next(iter(searched.values()))
        if searched
        else measure_pagefind(project / "site-plain", project)
    )
    if options.linkcheck and pages >= options.linkcheck_min_size:
        result["linkcheck"] = _linkcheck(
            project, site_base_path(options.repo), runs, options.check_timeout, say
        )
    _add_ratios(result)
    return result


def _in_process(config: Path, site: GeneratedSite, logs: Path, say: Callable[[str], None]) -> dict:
    _clear_caches(site.root)
    log = logs / f"{config.stem}-inprocess.log"
    command = [sys.executable, str(INPROCESS), config.name, str(site.edit_target)]
    run = run_child(command, site.root, log)
    if run.returncode != 0:
        return {"ok": False, "output_tail": run.output_tail}
    timings = json.loads(log.read_text("utf-8").strip().splitlines()[-1])
    say(
        f"  {site.spec.pages:>5} pages  {config.stem:<16} in-process rebuild {timings['second']:.2f} s"
    )
    return {
        "ok": True,
        "first_seconds": round(timings["first"], 3),
        "seconds": round(timings["second"], 3),
        "max_rss_mb": round(run.max_rss_mb, 1),
    }


def _linkcheck(
    project: Path, base_path: str, runs: int, timeout: float, say: Callable[[str], None]
) -> dict[str, Any]:
    # The fullest folder built at this size: the full build has every link the publisher
    # generates ("Cited in", tags, related pages, backlinks).
    for name in ("site-full", "site-no-citations", "site-plain"):
        site = project / name
        if site.is_dir():
            break
    out: dict[str, Any] = {"site": site.name}
    logs = project / "logs"
    command = marginalia_check_command(site, base_path)
    out["marginalia"] = _timed_check(command, runs, project, logs / "marginalia-check", timeout)
    if command:
        text = (logs / f"marginalia-check-{runs - 1}.log").read_text("utf-8", errors="replace")
        out["marginalia"]["findings"] = marginalia_findings(text)
    with serve_folder(site) as url:
        command = linkchecker_command(url, project)
        # One run only: it is the slow one, and a ratio to ours needs no precision.
        out["linkchecker"] = _timed_check(command, 1, project, logs / "linkchecker", timeout)
        if command:
            text = (logs / "linkchecker-0.log").read_text("utf-8", errors="replace")
            out["linkchecker"]["findings"] = linkchecker_findings(text)
    for name in ("marginalia", "linkchecker"):
        seconds = out[name].get("seconds")
        say(
            f"  {site.name}: {name:<12} link check "
            + (f"{seconds:7.2f} s" if seconds else "not available")
        )
    return out


def _timed_check(
    command: list[str] | None, runs: int, cwd: Path, log: Path, timeout: float
) -> dict[str, Any]:
    if command is None:
        return {"ok": False, "missing": True}
    measurement = Measurement()
    for round_ in range(runs):
        log_file = log.with_name(f"{log.name}-{round_}.log")
        measurement.runs.append(run_child(command, cwd, log_file, timeout))
        if measurement.timed_out:
            break
    return _summary(measurement)


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 3)


def _add_ratios(result: dict[str, Any]) -> None:
    """Each variant against the plain build of the same size, measured in the same run."""
    builds = result["builds"]
    plain = builds.get("plain")
    for entry in builds.values():
        weight, base = entry["weight"], plain["weight"] if plain else None
        entry["ratio_to_plain"] = {
            "seconds": _ratio(entry["seconds"], plain and plain["seconds"]),
            "max_rss_mb": _ratio(entry["max_rss_mb"], plain and plain["max_rss_mb"]),
            "site_mb": _ratio(weight["site_mb"], base and base["site_mb"]),
            "mean_page_kb": _ratio(weight["mean_page_kb"], base and base["mean_page_kb"]),
            "content_page_kb": _ratio(weight["content_page_kb"], base and base["content_page_kb"]),
            "search_index_kb": _ratio(weight["search_index_kb"], base and base["search_index_kb"]),
        }
    for key in ("rebuilds", "rebuilds_in_process"):
        group = result.get(key, {})
        base = group.get("plain", {}).get("seconds")
        for entry in group.values():
            entry["ratio_to_plain"] = _ratio(entry.get("seconds"), base)
    checks = result.get("linkcheck", {})
    mine, theirs = checks.get("marginalia", {}), checks.get("linkchecker", {})
    checks["ratio_marginalia_to_linkchecker"] = _ratio(mine.get("seconds"), theirs.get("seconds"))
