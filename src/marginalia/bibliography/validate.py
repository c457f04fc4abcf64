"""What an entry must hold to be formatted, and which URLs may become links."""

from __future__ import annotations

import re
from collections.abc import Mapping

from marginalia.bibliography.records import BibEntry, strip_delimiters

# Fields each entry type needs, after BibTeX's and biblatex's definitions; a tuple means
# "one of these" (biblatex's ``date`` and ``journaltitle`` stand for ``year`` and ``journal``).
# Types not listed (misc and unknown types) need nothing.
_YEAR = ("year", "date")
_AUTHOR = ("author", "editor")
REQUIRED_FIELDS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "article": ("author", "title", ("journal", "journaltitle"), _YEAR),
    "book": (_AUTHOR, "title", "publisher", _YEAR),
    "inbook": (_AUTHOR, "title", _YEAR),
    "incollection": ("author", "title", "booktitle", _YEAR),
    "inproceedings": ("author", "title", "booktitle", _YEAR),
    "conference": ("author", "title", "booktitle", _YEAR),
    "proceedings": ("title", _YEAR),
    "techreport": ("author", "title", "institution", _YEAR),
    "report": ("author", "title", ("institution", "publisher"), _YEAR),
    "phdthesis": ("author", "title", ("school", "institution"), _YEAR),
    "mastersthesis": ("author", "title", ("school", "institution"), _YEAR),
    "thesis": ("author", "title", ("school", "institution"), _YEAR),
    "unpublished": ("author", "title"),
    "online": ("title", ("url", "doi")),
    "manual": ("title",),
    "booklet": ("title",),
}

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_URL_COMMANDS = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")


def missing_fields(entry: BibEntry, inherited: Mapping[str, str] | None = None) -> list[str]:
    """Names of the required fields ``entry`` lacks (``a or b`` for alternatives)."""
    present = {name for name, value in entry.fields.items() if strip_delimiters(value)}
    present |= set(inherited or ())
    missing = []
    for need in REQUIRED_FIELDS.get(entry.entry_type, ()):
        options = (need,) if isinstance(need, str) else need
        if not present.intersection(options):
            missing.append(" or ".join(options))
    return missing


def unsafe_urls(entry: BibEntry) -> tuple[str, ...]:
    """URLs in ``url`` (or in ``\\url{}``/``\\href{}`` anywhere) with an unsafe scheme."""
    candidates = []
    if "url" in entry.fields:
        candidates.append(entry.value("url"))
    for value in entry.fields.values():
        if "\\url" in value or "\\href" in value:
            candidates.extend(_URL_COMMANDS.findall(value))
    return tuple(url for url in candidates if not is_safe_url(url))


def is_safe_url(url: str) -> bool:
    """http, https, mailto, or a relative address (no scheme at all)."""
    cleaned = _INVISIBLE.sub("", url).lower()
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        return True
    return scheme.group(1) in SAFE_SCHEMES
