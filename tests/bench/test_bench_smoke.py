"""The benchmark harness at a tiny size: its generator, its JSON record and its ratios.

Timings are never asserted here (the machine may be busy); only that every figure is
measured and every ratio is computed against the plain build of the same run.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
sys.path.insert(0, str(SCRIPTS))

from benchlib.corpus import Corpus  # noqa: E402
from benchlib.sitegen import SiteSpec, generate  # noqa: E402

BUILD_FIGURES = {
    "seconds",
    "runs_seconds",
    "cpu_seconds",
    "max_rss_mb",
    "ok",
    "warnings",
    "seconds_per_page",
    "cpu_seconds_per_page",
}
WEIGHT_FIGURES = {
    "site_mb",
    "html_pages",
    "mean_page_kb",
    "content_page_kb",
    "max_page_kb",
    "search_index_kb",
    "search_index_gzip_kb",
}


def test_generator_is_seeded(tmp_path: Path) -> None:
    first = generate(SiteSpec(pages=9, entries=20, seed=3), tmp_path / "a", REPO)
    second = generate(SiteSpec(pages=9, entries=20, seed=3), tmp_path / "b", REPO)
    other = generate(SiteSpec(pages=9, entries=20, seed=4), tmp_path / "c", REPO)
    page = first.content_pages[0]
    assert (first.root / "docs" / page).read_text() == (second.root / "docs" / page).read_text()
    assert (first.root / "docs" / page).read_text() != (other.root / "docs" / page).read_text()
    bib = (first.root / "bib" / "references.bib").read_text()
    assert bib == (second.root / "bib" / "references.bib").read_text()


def test_generated_site_cites_links_and_tags_what_exists(tmp_path: Path) -> None:
    site = generate(SiteSpec(pages=12, entries=30, seed=1), tmp_path / "s", REPO)
    bib = (site.root / "bib" / "references.bib").read_text()
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    assert len(keys) == 30
    types = set(re.findall(r"^@(\w+)\{", bib, re.M))
    assert {"article", "book"} <= types and len(types) >= 4
    vocabulary = (site.root / "data" / "tags.yml").read_text()
    folders = {p.split("/")[0] for p in site.content_pages}
    assert folders == {"essays", "projects", "concepts"}
    cited: set[str] = set()
    for rel in site.content_pages:
        text = (site.root / "docs" / rel).read_text()
        assert text.startswith("---\ntitle: ")
        cited |= set(re.findall(r"@([\w:.\-/]+[\w])", text))
        for tag in re.search(r"tags:\n((?:- .*\n)+)", text).group(1).split("\n"):
            if tag:
                assert f"\n  {tag[2:]}:\n" in vocabulary
        for href in re.findall(r"\]\(([^)#]+\.md)", text):
            assert (site.root / "docs" / Path(rel).parent / href).resolve().is_file()
    assert cited and cited <= keys


def test_corpus_keys_are_unique_and_ascii() -> None:
    entries = Corpus(7).bibliography(2000)
    keys = [e.key for e in entries]
    assert len(set(keys)) == len(keys)
    assert all(k.isascii() for k in keys)


@pytest.fixture(scope="module")
def bench_record(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    out = work / "bench.json"
    command = [sys.executable, str(SCRIPTS / "bench"), "--sizes", "8", "--runs", "1"]
    command += ["--entries", "40", "--workdir", str(work / "sites"), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Targets (ratios measured in this run)" in done.stdout
    return json.loads(out.read_text())


def test_record_describes_the_machine_and_the_command(bench_record: dict) -> None:
    machine = bench_record["machine"]
    assert machine["cores"] >= 1 and machine["memory_gb"] > 0
    assert machine["python"].count(".") == 2
    assert machine["packages"]["mkdocs-bibtex"] == "4.4.0"
    assert bench_record["command"].startswith("scripts/bench --sizes 8")
    assert set(bench_record["sizes"]) == {"8"}


def test_every_variant_is_built_and_weighed(bench_record: dict) -> None:
    for size in ("8",):
        result = bench_record["sizes"][size]
        assert result["runs"] == 1 and result["entries"] == 40
        assert set(result["builds"]) == {
            "plain",
            "full",
            "citations",
            "no-citations",
            "no-related",
            "no-readers",
            "no-context",
            "peer",
            "notes",
            "chicago",
        }
        for variant, build in result["builds"].items():
            assert set(build) >= BUILD_FIGURES, variant
            assert build["ok"], (variant, build.get("output_tail"))
            assert build["seconds"] > 0 and build["max_rss_mb"] > 10
            assert (
                0
                < build["cpu_seconds_per_page"] * int(size)
                == pytest.approx(build["cpu_seconds"], rel=0.01)
            )
            assert set(build["weight"]) == WEIGHT_FIGURES
            assert build["weight"]["html_pages"] >= int(size)
            # Material's index in the baselines only: the others search with Pagefind.
            baseline = variant in ("plain", "peer", "citations")
            assert (build["weight"]["search_index_kb"] > 0) == baseline
            assert build["weight"]["content_page_kb"] > 0
        # The synthetic site is clean: a warning would mean the benchmark measures a fault.
        assert result["builds"]["plain"]["warnings"] == 0


def test_ratios_are_to_the_plain_build_of_the_same_run(bench_record: dict) -> None:
    result = bench_record["sizes"]["8"]
    plain = result["builds"]["plain"]
    assert plain["ratio_to_plain"]["seconds"] == 1.0
    for variant, build in result["builds"].items():
        expected = round(build["seconds"] / plain["seconds"], 3)
        assert build["ratio_to_plain"]["seconds"] == expected, variant
        assert build["ratio_to_plain"]["mean_page_kb"] > 0
    related = result["paired"]["related"]
    assert related["rounds"] == 1
    builds = result["builds"]
    ratio = builds["no-citations"]["seconds"] / builds["no-related"]["seconds"]
    assert related["seconds"]["median"] == pytest.approx(ratio, abs=0.002)
    # The note style against the author-date build of the same run.
    notes = result["paired"]["note-style"]
    assert (notes["with"], notes["without"]) == ("notes", "full")
    ratio = builds["notes"]["seconds"] / builds["full"]["seconds"]
    assert notes["seconds"]["median"] == pytest.approx(ratio, abs=0.002)
    assert result["paired"]["citations"]["without"] == "plain"
    same = result["paired"]["note-style-same-manual"]  # the note style against Chicago's
    assert (same["with"], same["without"]) == ("notes", "chicago")
    readers = result["paired"]["readers"]  # what the map and the downloads add
    assert (readers["with"], readers["without"], readers["rounds"]) == ("full", "no-readers", 1)
    ratio = builds["full"]["seconds"] / builds["no-readers"]["seconds"]
    assert readers["seconds"]["median"] == pytest.approx(ratio, abs=0.002)
    assert set(result["rebuilds"]) == {"plain", "citations"}
    assert result["rebuilds"]["plain"]["ratio_to_plain"] == 1.0
    assert result["rebuilds_in_process"]["citations"]["ok"]
    assert result["rebuilds_in_process"]["citations"]["ratio_to_plain"] > 0
    for checker in ("marginalia", "linkchecker"):
        # The synthetic site's links and anchors all exist: both checkers must agree.
        check = result["linkcheck"][checker]
        assert check["ok"] and check["findings"]["errors"] == 0, check
    assert result["linkcheck"]["ratio_marginalia_to_linkchecker"] > 0


def test_targets_name_their_limit_and_verdict(bench_record: dict) -> None:
    targets = {t["target"]: t for t in bench_record["targets"]}
    cold = targets["citations add ≤15% (cold build, citations/plain)"]
    assert cold["limit"] == 1.15 and cold["at"] == "8 pages, 40 entries"
    assert cold["holds"] == (cold["value"] <= 1.15)
    peer = bench_record["peer"][-1]
    assert peer["pages"] == 8 and peer["peer_to_plain"] > 0
    pagefind = bench_record["sizes"]["8"]["pagefind"]
    assert pagefind["ok"] and 0 < pagefind["first_search_kb"] < pagefind["bundle_kb"]
    # The bundle the full build wrote, and the indexing time read from its log.
    assert pagefind["variant"] == "full" and pagefind["pages"] >= 8
    assert pagefind["index_seconds"] > 0 and 0 < pagefind["index_share"] < 1
    searched = bench_record["sizes"]["8"]["search"]
    assert list(searched) == ["full", "no-citations", "no-related"]
    assert all(s["ok"] and s["first_search_kb"] > 0 for s in searched.values())


def _size(pages: int, seconds: float, page_kb: float, index_kb: float) -> dict:
    builds = {
        variant: {
            "seconds": seconds * factor,
            "cpu_seconds": seconds * factor * 0.9,
            "seconds_per_page": seconds * factor / pages,
            "cpu_seconds_per_page": seconds * factor / pages / 2,
            "ratio_to_plain": {"seconds": factor},
            "weight": {"content_page_kb": page_kb, "search_index_kb": index_kb},
        }
        for variant, factor in (
            ("plain", 1.0),
            ("full", 1.1),
            ("citations", 1.2),
            ("no-citations", 1.1),
            ("no-related", 1.0),
        )
    }
    return {"pages": pages, "entries": 10_000, "builds": builds, "rebuilds": {}}


def test_growth_targets_compare_the_largest_size_with_500_pages() -> None:
    from benchlib.report import evaluate_targets

    sizes = {
        "100": _size(100, 1.0, 30.0, 100.0),
        "500": _size(500, 5.0, 40.0, 500.0),
        "2000": _size(2000, 30.0, 44.0, 2000.0),
    }
    targets = {t["target"]: t for t in evaluate_targets(sizes)}
    per_page = targets["per-page build time grows ≤1.2× (plain)"]
    assert (per_page["value"], per_page["holds"], per_page["at"]) == (
        1.5,
        False,
        "2000 vs 500 pages",
    )
    cpu = targets["per-page CPU time grows ≤1.2× (no-citations)"]
    assert (cpu["value"], cpu["holds"]) == (1.5, False)
    assert "section_limit" in cpu["note"]
    weight = targets["mean content-page weight grows ≤1.2× (full)"]
    assert (weight["value"], weight["holds"]) == (1.1, True)
    index = targets[
        "search payload before the first search grows ≤1.2× (Material's search_index.json)"
    ]
    assert (index["value"], index["holds"]) == (4.0, False)
    cited = targets["citations add ≤15% (cold build, citations/plain)"]
    assert (cited["value"], cited["holds"], cited["at"]) == (1.2, False, "500 pages, 10000 entries")
    # Without round-by-round figures the target is not measured; the medians' ratio is noted.
    name = "related pages and backlinks add ≤5%, {} (no-citations/no-related, median of the rounds' ratios)"
    related = targets[name.format("wall time")]
    assert (related["value"], related["holds"], related["at"]) == (None, None, "2000 pages")
    assert "ratio of the medians 1.100" in related["note"]
    sizes["2000"]["paired"] = {
        "related": {
            "rounds": 5,
            "seconds": {"median": 1.03, "min": 0.98, "max": 1.07},
            "cpu_seconds": {"median": 1.06, "min": 1.01, "max": 1.09},
        }
    }
    targets = {t["target"]: t for t in evaluate_targets(sizes)}
    related = targets[name.format("wall time")]
    assert (related["value"], related["holds"]) == (1.03, True)
    assert related["note"].startswith("5 rounds, range 0.980–1.070; ratio of the medians 1.100")
    related_cpu = targets[name.format("CPU time (user + system, Pagefind included)")]
    assert (related_cpu["value"], related_cpu["holds"]) == (1.06, False)
    assert targets["internal link check in seconds (marginalia, ≤10 s)"]["holds"] is None


def test_the_search_target_compares_one_variant_built_at_both_sizes() -> None:
    from benchlib.report import evaluate_targets

    def search(kb: dict[str, float]) -> dict:
        return {v: {"first_search_kb": k, "index_seconds": 0.5} for v, k in kb.items()}

    sizes = {
        "500": {
            **_size(500, 5.0, 40.0, 500.0),
            "search": search({"full": 150, "no-citations": 120}),
        },
        "2000": {**_size(2000, 20.0, 40.0, 2000.0), "search": search({"no-citations": 132})},
    }
    targets = {t["target"]: t for t in evaluate_targets(sizes)}
    pagefind = targets[
        "search payload before the first result grows ≤1.2× (Pagefind, as the site ships it)"
    ]
    assert (pagefind["value"], pagefind["holds"]) == (1.1, True)
    assert pagefind["note"].startswith("132 KB (no-citations) against Material's")


def test_each_round_turns_the_order_of_the_variants() -> None:
    from benchlib.runner import round_order

    variants = ("plain", "no-citations", "no-related")
    orders = [round_order(variants, r) for r in range(4)]
    assert orders[0] == variants
    assert orders[1] == ("no-citations", "no-related", "plain")
    assert orders[3] == variants
    # Over as many rounds as variants, each variant follows each other one once.
    follows = {(o[i], o[i + 1]) for o in orders[:3] for i in range(2)}
    assert follows == {(a, b) for a in variants for b in variants if a != b} - {
        ("no-related", "no-citations"),
        ("plain", "no-related"),
        ("no-citations", "plain"),
    }
    assert round_order((), 2) == ()


def test_paired_ratios_divide_the_builds_of_each_round() -> None:
    from benchlib.measure import Measurement, Run
    from benchlib.runner import paired_ratios

    def measured(seconds: list[float]) -> Measurement:
        return Measurement([Run(s, 100.0, 0, 0, cpu_seconds=s * 2) for s in seconds])

    # The machine slows down by half over the run; the variant costs 2 to 6 % a round.
    without = [10.0, 12.0, 15.0, 14.0, 11.0]
    costs = [1.02, 1.04, 1.06, 0.99, 1.05]
    cold = {
        "no-related": measured(without),
        "no-citations": measured([s * c for s, c in zip(without, costs, strict=True)]),
        "plain": measured([9.0] * 5),
    }
    paired = paired_ratios(cold)
    assert set(paired) == {"related"}  # "citations" was not built
    related = paired["related"]
    assert related["with"] == "no-citations" and related["rounds"] == 5
    assert related["seconds"]["ratios"] == costs
    assert related["seconds"]["median"] == related["cpu_seconds"]["median"] == 1.04
    assert (related["seconds"]["min"], related["seconds"]["max"]) == (0.99, 1.06)


def test_sites_are_built_in_memory_when_there_is_room(tmp_path: Path) -> None:
    from benchlib.measure import default_workdir

    assert default_workdir(REPO, tmp_path, free_gb=0) == tmp_path / "marginalia-bench"
    # Too little room (or no such folder): the repository's folder, on disk.
    fallback = REPO / "bench-results" / "sites"
    assert default_workdir(REPO, tmp_path, free_gb=1e9) == fallback
    assert default_workdir(REPO, tmp_path / "missing", free_gb=0) == fallback
