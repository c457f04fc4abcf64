"""Which ``.bib`` files a site reads: paths or glob patterns, relative to the project root.

Without a setting every ``bib/*.bib`` is read, so a contributor who adds ``bib/extra.bib``
has nothing else to change. A pattern or path that finds nothing is a configuration error:
a citation resolved against a file that is never read would be reported as an unknown key,
with no hint why.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

DEFAULT_PATTERN = "bib/*.bib"


class BibFilesError(ValueError):
    """A configured path or pattern that names no file."""


def bib_files(root: Path, patterns: Sequence[str] | None) -> list[Path]:
    """The files ``patterns`` name under ``root``, each once, in a stable order.

    ``None`` means the default, ``bib/*.bib``, which may match nothing (a site without
    references). Each pattern's matches are sorted; patterns keep their order.
    """
    if patterns is None:
        return sorted(p.resolve() for p in root.glob(DEFAULT_PATTERN) if p.is_file())
    found: dict[Path, None] = {}
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(
                (root / p).resolve()
                for p in glob.glob(pattern, root_dir=root, recursive=True)
                if (root / p).is_file()
            )
            if not matches:
                raise BibFilesError(f"'{pattern}' matches no file")
        else:
            path = (root / pattern).resolve()
            if not path.is_file():
                raise BibFilesError(f"the bibliography file '{pattern}' does not exist")
            matches = [path]
        found.update(dict.fromkeys(matches))
    return list(found)


def watched_folders(root: Path, patterns: Sequence[str] | None) -> list[Path]:
    """The folders to watch under ``mkdocs serve`` so that a new file matching a pattern is
    read on the next rebuild (the part of each pattern before its first wildcard)."""
    folders: dict[Path, None] = {}
    for pattern in [DEFAULT_PATTERN] if patterns is None else patterns:
        if not glob.has_magic(pattern):
            continue
        fixed = []
        for part in Path(pattern).parts:
            if glob.has_magic(part):
                break
            fixed.append(part)
        folder = (root.joinpath(*fixed)).resolve()
        if folder.is_dir():
            folders[folder] = None
    return list(folders)
