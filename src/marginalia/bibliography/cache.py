"""Parsed ``.bib`` files cached by content: in memory across ``mkdocs serve`` rebuilds and
pickled on disk across builds.

The key is a hash of the file's bytes (and its display path and the parser version), so an
edited file is always re-read, whatever its modification time says; hashing a 2 MB file
takes a few milliseconds, far less than parsing it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import bibtexparser

from marginalia.bibliography.parse import parse_bib_bytes
from marginalia.bibliography.records import ParsedBibFile
from marginalia.diskcache import prune, read_pickle, write_pickle

# Bump when ParsedBibFile, BibEntry or the checks change, so old pickles are ignored.
FORMAT_VERSION = "2"
# Module level on purpose: ``mkdocs serve`` builds a new plugin for every rebuild.
_MEMORY: dict[str, ParsedBibFile] = {}
_KEEP_IN_MEMORY = 16


class BibliographyCache:
    """Loads ``.bib`` files through the memory and disk caches."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.parsed: list[str] = []  # display paths actually parsed (not cached), for tests

    def load(self, file: Path, display_path: str) -> ParsedBibFile:
        """The parsed content of ``file``, reported under ``display_path``."""
        data = file.read_bytes()
        digest = hashlib.sha256(
            b"\0".join(
                [
                    FORMAT_VERSION.encode(),
                    bibtexparser.__version__.encode(),
                    display_path.encode(),
                    data,
                ]
            )
        ).hexdigest()
        cached = _MEMORY.get(digest)
        if cached is not None:
            return cached
        cached = self._read_disk(digest)
        if cached is None:
            self.parsed.append(display_path)
            cached = parse_bib_bytes(data, display_path)
            self._write_disk(digest, cached)
        _MEMORY[digest] = cached
        while len(_MEMORY) > _KEEP_IN_MEMORY:  # serve: every edit of a .bib adds one
            del _MEMORY[next(iter(_MEMORY))]
        return cached

    def _pickle_path(self, digest: str) -> Path | None:
        return self.cache_dir / f"bib-{digest[:32]}.pickle" if self.cache_dir else None

    def _read_disk(self, digest: str) -> ParsedBibFile | None:
        path = self._pickle_path(digest)
        if path is None or not path.is_file():
            return None
        return read_pickle(path, ParsedBibFile)

    def _write_disk(self, digest: str, value: ParsedBibFile) -> None:
        path = self._pickle_path(digest)
        if path is None:
            return
        write_pickle(path, value)
        prune(path.parent, "bib-*.pickle", keep=16)  # each edit of a .bib file writes one


def clear_memory() -> None:
    """Forget every parsed file held in memory (tests use this to simulate a new process)."""
    _MEMORY.clear()
