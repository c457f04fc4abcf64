"""Pickles on disk for the build caches (parsed .bib files, Pandoc's prepared output).

Written atomically so that an interrupted build never leaves half a file, read leniently
so that a truncated or foreign pickle is simply rebuilt, and pruned so that every edit
under ``mkdocs serve`` does not leave one more file behind.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def read_pickle(path: Path, kind: type[T]) -> T | None:
    """The object pickled at ``path`` if it is a ``kind``; ``None`` if missing or unreadable."""
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except Exception:  # missing, truncated or from another version: rebuild it
        return None
    return value if isinstance(value, kind) else None


def write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically; a read-only checkout still builds."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Delete all but the ``keep`` newest files matching ``pattern`` (serve edits add one each)."""
    with contextlib.suppress(OSError):
        files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink()
