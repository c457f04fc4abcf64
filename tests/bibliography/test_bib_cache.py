"""The parsed-bibliography cache: keyed by content, in memory and on disk."""

from __future__ import annotations

import os

from marginalia.bibliography import BibliographyCache
from marginalia.bibliography.cache import clear_memory

ONE = "@misc{alpha, title = {One}}\n"
TWO = "@misc{bravo, title = {Two}}\n"  # the same length as ONE, on purpose


def test_the_cache_notices_a_changed_file_even_with_the_same_size_and_mtime(tmp_path):
    clear_memory()
    bib = tmp_path / "refs.bib"
    bib.write_text(ONE)
    stamp = os.stat(bib).st_mtime_ns
    cache = BibliographyCache(tmp_path / "cache")
    assert [e.key for e in cache.load(bib, "bib/refs.bib").entries] == ["alpha"]
    assert [e.key for e in cache.load(bib, "bib/refs.bib").entries] == ["alpha"]
    assert cache.parsed == ["bib/refs.bib"]  # the second load came from memory

    bib.write_text(TWO)
    os.utime(bib, ns=(stamp, stamp))
    assert [e.key for e in cache.load(bib, "bib/refs.bib").entries] == ["bravo"]
    assert cache.parsed == ["bib/refs.bib", "bib/refs.bib"]


def test_a_new_process_reads_the_pickle_instead_of_parsing(tmp_path):
    clear_memory()
    bib = tmp_path / "refs.bib"
    bib.write_text(ONE)
    BibliographyCache(tmp_path / "cache").load(bib, "bib/refs.bib")
    assert list((tmp_path / "cache").glob("bib-*.pickle"))
    clear_memory()  # as if `mkdocs build` ran again
    again = BibliographyCache(tmp_path / "cache")
    assert [e.key for e in again.load(bib, "bib/refs.bib").entries] == ["alpha"]
    assert again.parsed == []


def test_a_corrupt_pickle_is_rebuilt(tmp_path):
    clear_memory()
    bib = tmp_path / "refs.bib"
    bib.write_text(ONE)
    BibliographyCache(tmp_path / "cache").load(bib, "bib/refs.bib")
    for pickle in (tmp_path / "cache").glob("bib-*.pickle"):
        pickle.write_bytes(b"not a pickle")
    clear_memory()
    again = BibliographyCache(tmp_path / "cache")
    assert [e.key for e in again.load(bib, "bib/refs.bib").entries] == ["alpha"]
    assert again.parsed == ["bib/refs.bib"]
