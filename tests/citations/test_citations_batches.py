"""Batches on a bibliography with concentrated names: the same text as one Pandoc run,
each work formatted once, and rebuilds that format only what an edit touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.citations import concentrated

from marginalia.citations import pandoc
from marginalia.citations.pandoc import RenderRequest, render
from marginalia.citations.styles import resolve_style

STYLES = ["apa", "chicago-author-date"]


def _request(style: str, clusters: list[str], bib: str, batch_size: int, **kw) -> RenderRequest:
    return RenderRequest(clusters, [], bib, resolve_style(style, Path(".")), None, batch_size, **kw)


@pytest.fixture(autouse=True)
def _no_memory_cache():
    pandoc._MEMORY.clear()
    yield
    pandoc._MEMORY.clear()


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("workers", [1, 2])
def test_concentrated_names_read_exactly_as_one_pandoc_run(style, workers):
    bib, keys = concentrated.bibliography()
    clusters = concentrated.clusters(keys)
    whole = render(_request(style, clusters, bib, 0), None)  # pandoc --citeproc, once
    batched = render(_request(style, clusters, bib, 6, workers=workers), None)
    assert any("2013a" in c for c in whole.clusters)  # year suffixes are exercised
    assert any("J. Smith" in c or "Smith, J." in c for c in whole.clusters)
    for index, (expected, got) in enumerate(zip(whole.clusters, batched.clusters, strict=True)):
        assert got == expected, (index, clusters[index])
    assert list(batched.references.items()) == list(whole.references.items())


def _groups_cited(cluster: str, bib: str) -> int:
    """How many first names (or titles) a cluster's works start with: a lower bound of the
    citeproc groups it crosses."""
    firsts = set()
    for key in _keys(cluster):
        entry = next(line for line in bib.splitlines() if line.startswith(f"@book{{{key},"))
        names = entry.split("=", 1)[1].split(",", 1)[0].strip(" {}")
        firsts.add(names if "author" in entry or "editor" in entry else key)
    return len(firsts)


def _keys(cluster: str) -> list[str]:
    return re.findall(r"@(w\d+)", cluster)


@pytest.mark.parametrize("style", STYLES)
def test_each_work_is_formatted_once_however_clusters_mix_names(style):
    # Clusters of one or two works, as most writing (and the benchmark) cites.
    bib, keys = concentrated.bibliography(count=160)
    every = concentrated.clusters(keys, count=600, narrative=False)
    clusters = [c for c in every if len(_keys(c)) <= 2][:300]
    across = [c for c in clusters if _groups_cited(c, bib) > 1]
    assert len(across) > 120  # most clusters of two cite across name groups
    result = render(_request(style, clusters, bib, 8, workers=2, stats=True), None)
    formatted = result.given["batch"]
    assert set(formatted) == {k for c in clusters for k in _keys(c)}
    assert max(formatted.values()) == 1, {k: n for k, n in formatted.items() if n > 1}
    assert "fallback" not in result.given
    # Without disambiguation, for the style's order: once per process and once more for
    # the reference list.
    assert max(result.given.get("order", {"": 0}).values()) <= 3


@pytest.mark.parametrize("style", STYLES)
def test_only_clusters_that_could_be_grouped_across_batches_are_formatted_from_copies(style):
    # Three works from eight surnames: often two namesakes around a third name, which a
    # style that groups cites ("Smith 2010, 2013; Jones 2012") may move together, depending
    # on names only known after disambiguation: those clusters are formatted from copies.
    bib, keys = concentrated.bibliography(count=160)
    clusters = concentrated.clusters(keys, count=300, narrative=False)
    across = [c for c in clusters if _groups_cited(c, bib) > 1]
    result = render(_request(style, clusters, bib, 8, stats=True), None)
    fallbacks = result.given.get("fallback", {}).get("clusters", 0)
    assert fallbacks <= len(across) // 10, (fallbacks, len(across))
    copied = sum(result.given["batch"].values()) - len(result.given["batch"])
    assert copied <= fallbacks * 40  # a fallback copies the groups it cites, no more


def test_the_fallback_for_narrative_clusters_stays_exact_and_bounded():
    bib, keys = concentrated.bibliography()
    clusters = [f"@{keys[0]} [-@{keys[40]}]", f"[@{keys[0]}; @{keys[40]}]"]
    whole = render(_request("apa", clusters, bib, 0), None)
    batched = render(_request("apa", clusters, bib, 2, stats=True), None)
    assert batched.clusters == whole.clusters
    assert max(batched.given["batch"].values()) <= 2  # home, and one copy for the fallback


def _edited_entry(bib: str, key: str) -> str:
    lines = bib.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"@book{{{key},"))
    lines[index] = lines[index].replace("title = {Report", "title = {Revised report")
    return "".join(lines)


@pytest.mark.parametrize(
    "edit",
    ["a citation added", "a citation changed", "an entry changed"],
)
def test_a_rebuild_formats_only_the_batches_an_edit_touches_and_reads_as_a_cold_build(
    tmp_path, edit
):
    bib, keys = concentrated.bibliography(count=160)
    clusters = [c for c in concentrated.clusters(keys, count=600) if len(_keys(c)) <= 2][:300]
    cited = sorted({k for c in clusters for k in _keys(c)})
    cold = render(_request("apa", clusters, bib, 8, stats=True), tmp_path)
    assert sum(cold.given["batch"].values()) >= len(cited)
    if edit == "a citation added":
        clusters = [*clusters[:150], f"[@{cited[3]}, p. 7]", *clusters[150:]]
    elif edit == "a citation changed":
        clusters = [*clusters[:150], f"[see @{cited[3]}]", *clusters[151:]]
    else:
        bib = _edited_entry(bib, cited[3])
    pandoc._MEMORY.clear()  # a new process: only the batch files on disk are shared
    again = render(_request("apa", clusters, bib, 8, stats=True), tmp_path)
    fresh = render(_request("apa", clusters, bib, 8), None)
    assert again.clusters == fresh.clusters
    assert list(again.references.items()) == list(fresh.references.items())
    reformatted = sum(again.given.get("batch", {}).values())
    # Only the batches holding the edit were formatted again (the work's own batch, and
    # for a changed cluster the batches of the works it cited before), not all of them.
    everything = sum(cold.given["batch"].values())
    assert 0 < reformatted <= everything // 8, (reformatted, everything)


def test_a_rebuild_with_batches_on_disk_uses_one_pandoc_process(tmp_path, monkeypatch):
    # Cold, the batches are shared out (one process per core); with batches kept from an
    # earlier build, each process would read the whole input again for the few it formats.
    from marginalia.citations import siterun

    monkeypatch.setattr(siterun, "available_cores", lambda: 4)
    assert siterun._workers_for(tmp_path) == 4
    assert siterun._workers_for(None) == 4
    (tmp_path / "batches").mkdir()
    assert siterun._workers_for(tmp_path) == 4
    (tmp_path / "batches" / "batch-0123.json").write_text("[]", encoding="utf-8")
    assert siterun._workers_for(tmp_path) == 1
