"""The citation figures: cold builds and rebuilds on bibliographies of several name shapes.

What citations cost depends on how the names of the bibliography are spread (works that
share a first author's name are disambiguated together), so every figure is measured on
each shape of ``NAME_SHAPES`` (or those chosen), 500 pages and 10,000 references by default:

- cold: ``cited`` (citations only) against ``bare`` (the same site without them), neither
  with a search index, in paired rounds whose order turns;
- what citations add in CPU time (``cited`` less ``bare``), and how it grows when the
  surnames are halved at the same number of works (``halved`` against ``concentrated``);
- rebuilds as ``mkdocs build`` runs them again with the on-disk caches of the build before:
  after one page gains a citation, and after one ``.bib`` entry changes, each against a
  rebuild after a plain-text edit of the same page in the same round.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib.corpus import NAME_SHAPES, NameShape
from benchlib.measure import Measurement, Run, run_child
from benchlib.runner import Options, _clear_caches, _mkdocs_build, round_order
from benchlib.siteconfig import write_variant_configs
from benchlib.sitegen import SiteSpec, generate, site_stats

PAIR = ("cited", "bare")
TEXT_EDIT = "\n\nA sentence added to the page, with no citation in it.\n"
TARGETS = {
    "cold": 1.3,
    "halved": 1.25,
    "gains-citation": 1.10,
    "entry-changed": 1.20,
}


def measure_citations(
    options: Options, shapes: list[str], say: Callable[[str], None], pages: int = 500
) -> dict[str, Any]:
    """Every figure for each name shape, then the ratios between shapes."""
    results = {
        name: _measure_shape(options, name, NAME_SHAPES[name], pages, say) for name in shapes
    }
    out: dict[str, Any] = {"pages": pages, "entries": options.entries, "shapes": results}
    if "halved" in results and "concentrated" in results:
        added = {name: results[name]["added_cpu_seconds"] for name in ("halved", "concentrated")}
        out["halved_over_concentrated_cpu"] = (
            round(added["halved"] / added["concentrated"], 3) if added["concentrated"] else None
        )
    return out


def _measure_shape(
    options: Options, name: str, shape: NameShape, pages: int, say: Callable[[str], None]
) -> dict[str, Any]:
    spec = SiteSpec(pages=pages, entries=options.entries, seed=options.seed, names=shape)
    site = generate(spec, options.workdir / spec.name, options.repo)
    project = site.root
    configs = write_variant_configs(options.repo, project, PAIR, False, options.nav)
    logs = project / "logs"
    logs.mkdir(exist_ok=True)
    page, bib = site.edit_target, project / "bib" / "references.bib"
    original_page, original_bib = page.read_text("utf-8"), bib.read_text("utf-8")
    key = _most_cited_key(project)
    cold = {variant: Measurement() for variant in PAIR}
    rebuilds: dict[str, Measurement] = {
        kind: Measurement() for kind in ("text-edit", "gains-citation", "entry-changed")
    }

    def build(variant: str, label: str) -> Run:
        run = run_child(_mkdocs_build(configs[variant]), project, logs / f"{variant}-{label}.log")
        say(
            f"  {name:<12} {variant:<5} {label:<22} {run.seconds:7.2f} s  {run.cpu_seconds:7.2f} s CPU"
        )
        return run

    def rebuild_after_edits(round_: int) -> None:
        """Rebuilds of the citations build, each with the caches of the build before."""
        try:
            page.write_text(original_page + TEXT_EDIT * (round_ + 1), "utf-8")
            rebuilds["text-edit"].runs.append(build("cited", f"text-edit-{round_}"))
            cited = f"\n\nA sentence that now cites a work [@{key}, p. {round_ + 2}].\n"
            page.write_text(original_page + TEXT_EDIT * (round_ + 1) + cited, "utf-8")
            rebuilds["gains-citation"].runs.append(build("cited", f"gains-citation-{round_}"))
            page.write_text(original_page, "utf-8")
            build("cited", f"page-restored-{round_}")
            bib.write_text(_retitled(original_bib, key, round_), "utf-8")
            rebuilds["entry-changed"].runs.append(build("cited", f"entry-changed-{round_}"))
        finally:
            page.write_text(original_page, "utf-8")
            bib.write_text(original_bib, "utf-8")

    runs = options.runs_for(pages)
    for round_ in range(runs):
        for variant in round_order(PAIR, round_):
            _clear_caches(project)
            cold[variant].runs.append(build(variant, f"cold-{round_}"))
            if variant == "cited":
                rebuild_after_edits(round_)

    wall = _paired(cold["cited"].runs, cold["bare"].runs, "seconds")
    cpu = _paired(cold["cited"].runs, cold["bare"].runs, "cpu_seconds")
    text = rebuilds["text-edit"].runs
    return {
        "corpus": site_stats(project),
        "shape": shape.__dict__,
        "runs": runs,
        "cold": {
            variant: {
                "seconds": round(m.seconds, 3),
                "cpu_seconds": round(m.cpu_seconds, 3),
                "max_rss_mb": round(m.max_rss_mb, 1),
            }
            for variant, m in cold.items()
        },
        "cold_ratio": wall,
        "cold_cpu_ratio": cpu,
        "added_cpu_seconds": round(cold["cited"].cpu_seconds - cold["bare"].cpu_seconds, 3),
        "rebuilds": {
            kind: {
                "seconds": round(m.seconds, 3),
                "cpu_seconds": round(m.cpu_seconds, 3),
                "max_rss_mb": round(m.max_rss_mb, 1),
                **({} if kind == "text-edit" else {"ratio": _paired(m.runs, text, "seconds")}),
            }
            for kind, m in rebuilds.items()
        },
    }


def _paired(runs: list[Run], baseline: list[Run], attribute: str) -> dict[str, Any]:
    ratios = [
        getattr(a, attribute) / getattr(b, attribute)
        for a, b in zip(runs, baseline, strict=True)
        if getattr(b, attribute)
    ]
    if not ratios:
        return {"median": None, "min": None, "max": None}
    return {
        "median": round(statistics.median(ratios), 3),
        "min": round(min(ratios), 3),
        "max": round(max(ratios), 3),
    }


def _most_cited_key(project: Path) -> str:
    """The work the synthetic pages cite most (the first entry: popular works come first)."""
    text = (project / "bib" / "references.bib").read_text("utf-8")
    found = re.search(r"^@\w+\{([^,\s]+),", text, flags=re.M)
    assert found, "the synthetic .bib has no entry"
    return found.group(1)


def _retitled(bib: str, key: str, round_: int) -> str:
    """The .bib with the title of entry ``key`` changed (differently in each round)."""
    start = bib.index(f"{{{key},")
    at = bib.index("title = {", start) + len("title = {")
    return bib[:at] + f"Revised ({round_ + 1}) " + bib[at:]


def table(data: dict[str, Any]) -> str:
    """The issue's table: each figure, each shape, the target."""
    shapes = data["shapes"]
    lines = [
        f"Citations, {data['pages']} pages, {data['entries']} references, median of paired "
        "rounds (range); peak memory of the build",
        "",
        "| figure | names | ratio | target | peak MB |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, result in shapes.items():
        ratio = result["cold_ratio"]
        lines.append(
            f"| cold, citations / none | {name} | {_spread(ratio)} (CPU {_spread(result['cold_cpu_ratio'])}) "
            f"| ≤ {TARGETS['cold']} | {result['cold']['cited']['max_rss_mb']} "
            f"/ {result['cold']['bare']['max_rss_mb']} |"
        )
    if data.get("halved_over_concentrated_cpu") is not None:
        lines.append(
            f"| CPU citations add, surnames halved / concentrated | halved | "
            f"{data['halved_over_concentrated_cpu']} | ≤ {TARGETS['halved']} | |"
        )
    for name, result in shapes.items():
        for kind in ("gains-citation", "entry-changed"):
            rebuild = result["rebuilds"][kind]
            label = (
                "one page gains a citation"
                if kind == "gains-citation"
                else "one .bib entry changes"
            )
            lines.append(
                f"| rebuild after {label} / after a text edit | {name} | "
                f"{_spread(rebuild['ratio'])} | ≤ {TARGETS[kind]} | {rebuild['max_rss_mb']} |"
            )
    lines.append("")
    for name, result in shapes.items():
        cold = result["cold"]
        lines.append(
            f"{name}: cold {cold['cited']['seconds']} s with citations, {cold['bare']['seconds']} s "
            f"without; citations add {result['added_cpu_seconds']} s CPU; rebuild after a text "
            f"edit {result['rebuilds']['text-edit']['seconds']} s; {result['corpus'].get('clusters')} "
            f"clusters, {result['corpus'].get('cited_works')} works cited"
        )
    return "\n".join(lines)


def _spread(ratio: dict[str, Any]) -> str:
    if ratio.get("median") is None:
        return "–"
    return f"{ratio['median']:.2f}× ({ratio['min']:.2f}–{ratio['max']:.2f})"
