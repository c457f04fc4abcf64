"""Two cold builds of the same site write the same bytes, Pagefind's bundle included.

Each build is its own process (its own Python hash seed, so a set's order cannot leak into
a page), in its own folder (no path of the machine in the output), with no cache.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml
from tests.conftest import _base_config

from marginalia.search.stable import _decode, _pack, stabilise_bundle

TAGS = ["power", "coercion", "recovery", "well-being", "peer-support", "budgets", "risk"]
VOCABULARY = "tags:\n" + "".join(f"  {tag}:\n    description: About {tag}.\n" for tag in TAGS)
# Each page carries a different run of tags, so that every filter value lists pages.
PAGES = {
    f"docs/{folder}/page-{n}.md": (
        f"---\ntitle: Page {n}\nsummary: Page {n} of {folder}.\n"
        f"tags: [{', '.join(TAGS[n % len(TAGS) : n % len(TAGS) + 3])}]\n---\n\n"
        f"# Page {n}\n\nWords of page {n}, linking to [the home](../index.md).\n"
    )
    for n, folder in enumerate(["essays", "projects", "concepts"] * 3)
}
PLUGIN = {
    "pages": {
        "types_by_folder": {"essays": "critique", "projects": "project", "concepts": "concept"}
    },
    "tags": {"vocabulary": "data/tags.yml", "graph_file": "graph.json"},
}


def _cold_build(root: Path, seed: str) -> dict[str, str]:
    files = {"docs/index.md": "# Home\n", "data/tags.yml": VOCABULARY, **PAGES}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(_base_config(PLUGIN, None)))
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1767225600"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    site = root / "site"
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_two_cold_builds_are_identical(tmp_path):
    first = _cold_build(tmp_path / "one", "1")
    second = _cold_build(tmp_path / "two", "2")
    assert any(name.endswith(".pf_filter") for name in first)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def _write(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_pack(value))


def _read(path: Path):
    return _decode(gzip.decompress(path.read_bytes()), len(b"pagefind_dcd"))[0]


def test_filter_values_are_put_in_order_and_the_names_follow(tmp_path):
    bundle = tmp_path / "pagefind"
    _write(bundle / "filter" / "en_aaaaaaa.pf_filter", ["tag", [["b", [1]], ["a", [0, 2]]]])
    _write(bundle / "filter" / "en_bbbbbbb.pf_filter", ["type", [["z", [0]], ["y", [1, 2]]]])
    meta = ["1.5.2", [["en_idx", 10]], [], [["type", "en_bbbbbbb"], ["tag", "en_aaaaaaa"]], []]
    _write(bundle / "pagefind.en_0000000000.pf_meta", meta)
    (bundle / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"en":{"hash":"en_0000000000","page_count":3}}}'
    )
    assert stabilise_bundle(bundle)
    entry = (bundle / "pagefind-entry.json").read_text()
    metas = list(bundle.glob("pagefind.*.pf_meta"))
    assert len(metas) == 1 and metas[0].name.split(".")[1] in entry
    meta = _read(metas[0])
    assert [name for name, _ in meta[3]] == ["tag", "type"]
    tag, kind = (_read(bundle / "filter" / f"{hash_}.pf_filter") for _, hash_ in meta[3])
    assert tag == ["tag", [["a", [0, 2]], ["b", [1]]]]
    assert kind == ["type", [["y", [1, 2]], ["z", [0]]]]
    assert len(list((bundle / "filter").iterdir())) == 2  # the unsorted files are gone


def test_a_bundle_of_another_shape_is_left_as_it_is(tmp_path):
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text('{"languages":{"en":{"hash":"en_1"}}}')
    (bundle / "pagefind.en_1.pf_meta").write_bytes(gzip.compress(b"something else", mtime=0))
    assert not stabilise_bundle(bundle)
    assert (bundle / "pagefind.en_1.pf_meta").read_bytes() == gzip.compress(
        b"something else", mtime=0
    )
