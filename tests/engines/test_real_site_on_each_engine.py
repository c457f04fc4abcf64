"""The real site on MkDocs, ProperDocs and Zensical: each builds it with ``--strict``;
ProperDocs' site is MkDocs' byte for byte but for the generator tag; Zensical's gives a
reader the same citations, reference lists, tag listings, Related, Linked from, table of
contents, Cite this page, maps, download links and files, search records, previews and
graph."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path

import pytest

from tests.engines.parity import differences, site_facts

_GENERATOR = '<meta name="generator" content="mkdocs-'


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_properdocs_writes_the_mkdocs_site_byte_for_byte_but_for_the_generator(engine_sites):
    mkdocs, properdocs = _files(engine_sites["mkdocs"]), _files(engine_sites["properdocs"])
    assert sorted(mkdocs) == sorted(properdocs)
    changed = []
    for name, data in mkdocs.items():
        if data == properdocs[name]:
            continue
        lines = difflib.unified_diff(
            data.decode().splitlines(), properdocs[name].decode().splitlines(), n=0
        )
        changed += [
            f"{name}: {line}"
            for line in lines
            if line[:1] in "+-" and not line.startswith(("+++", "---")) and _GENERATOR not in line
        ]
    assert changed == []
    assert any(_GENERATOR + "ProperDocs" in p.decode() for p in properdocs.values())


def _without_skip_anchor(facts: dict) -> dict:
    # Zensical's template puts its skip link's target (<a id="__skip">) inside the article:
    # Pagefind records it as an empty anchor. See the strict xfail below.
    facts = copy.deepcopy(facts)
    for record in facts["search"].values():
        record["anchors"] = [a for a in record["anchors"] if a[0] != "__skip"]
    return facts


@pytest.fixture(scope="module")
def facts(engine_sites) -> dict[str, dict]:
    return {engine: site_facts(site) for engine, site in engine_sites.items()}


def test_the_facts_compared_are_there(facts):
    pages = facts["mkdocs"]["pages"]
    essay = pages["essays/co-production-who-is-co-producing-what/index.html"]
    assert len(essay["citations"]) > 40 and essay["references"] and essay["crosslinks"]
    assert ("#mg-related", "Related") in essay["toc"] and essay["cite_this_page"]
    assert essay["notes"] and essay["tags"] and essay["scholar"]
    assert pages["tags/coercion/index.html"]["tag_listing"]
    assert len(pages["bibliography/index.html"]["bibliography"]) > 10
    assert len(facts["mkdocs"]["search"]) == 29  # with the map's overview
    assert pages["map/index.html"]["map_nodes"] and pages["map/index.html"]["map_list"]
    assert pages["tags/coercion/index.html"]["map_nodes"]
    assert [c for _, c, _ in essay["download_links"]] == ["mg-downloads__epub", "mg-downloads__pdf"]
    assert len(facts["mkdocs"]["essay_files"]) >= 2


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_a_reader_gets_the_same_from_every_engine(facts, engine):
    expected = _without_skip_anchor(facts["mkdocs"])
    assert differences(expected, _without_skip_anchor(facts[engine])) == []


@pytest.mark.xfail(
    strict=True,
    reason='Zensical\'s template puts its skip-link target (<a id="__skip">) inside the '
    "article, which Pagefind records as one more, empty, anchor of every page",
)
def test_search_records_hold_the_same_anchors_on_zensical(facts):
    expected, found = facts["mkdocs"]["search"], facts["zensical"]["search"]
    assert [r["anchors"] for r in expected.values()] == [r["anchors"] for r in found.values()]
