"""Reading one ``.bib`` file: a raw parse with line numbers, and every fault found in it.

bibtexparser 2 splits the file into blocks that keep their raw text and start line; its
LaTeX-decoding middleware is deliberately not used (about 8 s for 10,000 entries), because
Pandoc decodes the few entries that are cited.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

import bibtexparser
from bibtexparser import model

from marginalia.bibliography.records import BibEntry, ParsedBibFile
from marginalia.bibliography.validate import missing_fields, unsafe_urls
from marginalia.diagnostics import Diagnostic, DiagnosticList

_OPENING = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)")
# A well-formed value: ``{...}``, ``"..."`` or a bare word (number or @string macro),
# possibly joined by ``#``. Anything else means a comma is missing after the value.
_VALUE_PART = re.compile(r'\s*(?:\{|"|[\w\-.:+/]+)')


def parse_bib_text(text: str, path: str) -> ParsedBibFile:
    """Parse BibTeX source ``text`` read from ``path`` (relative to the project root)."""
    with _quiet(logging.getLogger("bibtexparser")):
        library = bibtexparser.parse_string(text, parse_stack=[])
    faults = DiagnosticList()
    entries: list[BibEntry] = []
    strings: list[str] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            first = (block.previous_block.start_line or 0) + 1
            faults.error(
                path,
                line,
                "bib.duplicate-key",
                f"duplicate key '{block.key}' (first defined at {path}:{first})",
                "give one of the two entries another key, or delete the copy",
            )
        elif isinstance(block, model.DuplicateFieldKeyBlock):
            entry = block.ignore_error_block
            names = ", ".join(sorted(block.duplicate_keys))
            faults.error(
                path,
                line,
                "bib.syntax",
                f"entry '{getattr(entry, 'key', '?')}' sets the field '{names}' twice",
                "keep one value for each field",
            )
        elif isinstance(block, model.ParsingFailedBlock):
            faults.error(path, line, "bib.syntax", _describe_failure(block), _FIX_SYNTAX)
        elif isinstance(block, model.String):
            strings.append(block.raw or "")
        elif isinstance(block, model.Entry):
            entry = _entry(block, path, line, faults)
            if entry is not None:
                entries.append(entry)
    for entry in entries:
        _check_entry(entry, faults)
    return ParsedBibFile(path, tuple(entries), tuple(strings), tuple(faults))


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Silence bibtexparser's own log lines: every fault is reported as a Diagnostic."""
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


_FIX_SYNTAX = "check that every brace is closed and every field ends with a comma"


def _describe_failure(block: model.ParsingFailedBlock) -> str:
    opening = _OPENING.match(block.raw or "")
    what = f"entry '@{opening.group(1)}{{{opening.group(2)}'" if opening else "block"
    return f"malformed {what}: unclosed brace or missing comma"


def _entry(block: model.Entry, path: str, line: int, faults: DiagnosticList) -> BibEntry | None:
    fields: dict[str, str] = {}
    for fld in block.fields:
        value = fld.value if isinstance(fld.value, str) else str(fld.value)
        junk_at = _missing_comma_at(value)
        if junk_at is not None:
            # The line where the complete value ends: the comma belongs there.
            end = len(value[:junk_at].rstrip())
            field_line = (fld.start_line or line - 1) + 1 + value.count("\n", 0, end)
            faults.error(
                path,
                field_line,
                "bib.syntax",
                f"malformed entry '{block.key}': missing comma after the field '{fld.key}'",
                _FIX_SYNTAX,
            )
            return None
        fields[fld.key.lower()] = value
    entry = BibEntry(
        key=block.key,
        entry_type=block.entry_type.lower(),
        fields=fields,
        path=path,
        line=line,
        raw=block.raw or "",
    )
    bad = unsafe_urls(entry)
    if bad:
        entry = BibEntry(**{**entry.__dict__, "unsafe_urls": bad})
    return entry


def _missing_comma_at(value: str) -> int | None:
    """Where a value stops being one value (a comma was left out), or ``None``."""
    if "=" not in value:
        return None  # a swallowed next field always brings its "name = "; this is the common case
    i = 0
    while i < len(value):
        part = _VALUE_PART.match(value, i)
        if not part:
            return i
        i = part.end()
        opener = value[i - 1]
        if opener == "{":
            i = _close_brace(value, i)
        elif opener == '"':
            i = _close_quote(value, i)
        if i < 0:
            return None  # unbalanced inside: bibtexparser reports those itself
        rest = value[i:].lstrip()
        if not rest:
            return None
        if rest[0] != "#":
            return len(value) - len(rest)
        i = len(value) - len(rest) + 1
    return None


def _close_brace(value: str, i: int) -> int:
    depth = 1
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value[i] == "{":
            depth += 1
        elif value[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _close_quote(value: str, i: int) -> int:
    depth = 0
    while i < len(value):
        char = value[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return i + 1
        i += 1
    return -1


def _check_entry(entry: BibEntry, faults: DiagnosticList) -> None:
    # An entry with a crossref parent is checked once all files are read (library.py).
    for name in [] if entry.parents else missing_fields(entry):
        faults.error(
            entry.path,
            entry.line,
            "bib.missing-field",
            f"@{entry.entry_type} '{entry.key}' has no {name}",
            f"add the {name} field (a reference without it cannot be formatted)",
        )
    for url in entry.unsafe_urls:
        faults.error(
            entry.path,
            entry.line,
            "bib.unsafe-url",
            f"entry '{entry.key}' has a URL that is not http, https or mailto: '{url[:60]}'",
            "use an http(s) address; this one is shown as text, never as a link",
        )


def parents_missing(entry: BibEntry, known: set[str]) -> list[Diagnostic]:
    """A ``crossref`` to a key no file defines."""
    return [
        Diagnostic(
            entry.path,
            entry.line,
            "bib.missing-crossref",
            f"entry '{entry.key}' inherits from '{parent}', which no .bib file defines",
            "add the parent entry or remove the crossref field",
        )
        for parent in entry.parents
        if parent not in known
    ]
