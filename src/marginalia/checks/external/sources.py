"""What to check: the Markdown pages, and the links a ``.bib`` file holds.

Pages are handed to lychee as they are (it parses Markdown and skips code); a ``.bib`` file
is not Markdown, so its ``url`` and ``doi`` fields are read here, line by line, and written
to a list lychee can read, remembering the line each address came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# One field per line is how BibTeX files are written here and by every reference manager;
# a field split over lines is still found from its first line.
_FIELD_RE = re.compile(r"^\s*(?P<name>url|doi)\s*=\s*[{\"]\s*(?P<value>[^}\"]+?)\s*[}\"]", re.I)
_DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)


@dataclass(frozen=True)
class LinkSource:
    """An external address and where a contributor wrote it."""

    url: str
    path: str  # relative to the project root
    line: int


def bib_links(bib_file: Path, path: str) -> list[LinkSource]:
    """The ``url`` and ``doi`` fields of one ``.bib`` file, DOIs as https://doi.org/ links."""
    found = []
    text = bib_file.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FIELD_RE.match(line)
        if match is None:
            continue
        value = match["value"].replace(r"\_", "_").replace(r"\%", "%")
        if match["name"].lower() == "doi":
            value = "https://doi.org/" + _DOI_PREFIX_RE.sub("", value)
        if value.startswith(("http://", "https://")):
            found.append(LinkSource(value, path, number))
    return found


def pages(docs_dir: Path) -> list[Path]:
    """Every Markdown page under ``docs_dir``, in a stable order."""
    return sorted(docs_dir.rglob("*.md"))
