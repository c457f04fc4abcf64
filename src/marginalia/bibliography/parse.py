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
from dataclasses import replace

import bibtexparser
from bibtexparser import model

from marginalia.bibliography.leftovers import Leftover, leftovers
from marginalia.bibliography.openings import normalise_openings
from marginalia.bibliography.records import BibEntry, BrokenEntry, ParsedBibFile
from marginalia.bibliography.validate import missing_fields, unsafe_urls
from marginalia.diagnostics import Diagnostic, DiagnosticList

_ROUND_OPENING = re.compile(r"@\w+\s*\(")
_OPENING = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)")
# A well-formed value: ``{...}``, ``"..."`` or a bare word (number or @string macro),
# possibly joined by ``#``. Anything else means a comma is missing after the value.
_VALUE_PART = re.compile(r'\s*(?:\{|"|[\w\-.:+/]+)')


def parse_bib_bytes(data: bytes, path: str) -> ParsedBibFile:
    """Parse a ``.bib`` file's bytes; a file that is not UTF-8 is read with replacement
    characters and reported once, at the first line that is not."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        parsed = parse_bib_text(text, path)
        return replace(parsed, diagnostics=(_not_utf8(data, path), *parsed.diagnostics))
    return parse_bib_text(text, path)


def _not_utf8(data: bytes, path: str) -> Diagnostic:
    # A UTF-8 sequence never holds a newline byte, so each line can be tried alone.
    bad: list[tuple[int, int]] = []  # (line, the first byte that cannot be read)
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            bad.append((number, line[error.start]))
    line, byte = bad[0]
    others = len(bad) - 1
    more = f" (and on {others} more line{'s' if others > 1 else ''})" if others else ""
    return Diagnostic(
        path,
        line,
        "bib.encoding",
        f"the file is not UTF-8: byte 0x{byte:02x} on this line{more} cannot be read and "
        "shows as '\ufffd'",
        "re-save the file as UTF-8 (the editor's 'Save with encoding', or "
        "iconv -f latin1 -t utf-8)",
    )


def parse_bib_text(text: str, path: str) -> ParsedBibFile:
    """Parse BibTeX source ``text`` read from ``path`` (relative to the project root)."""
    text = normalise_openings(text)
    with _quiet(logging.getLogger("bibtexparser")):
        library = bibtexparser.parse_string(text, parse_stack=[])
    lines = _start_lines(text, library.blocks)
    faults = DiagnosticList()
    entries: list[BibEntry] = []
    strings: list[str] = []
    broken: list[BrokenEntry] = []
    previous: model.Block | None = None
    for block in library.blocks:
        line = lines.get(id(block), (block.start_line or 0) + 1)
        if isinstance(block, model.DuplicateBlockKeyBlock):
            first = lines.get(id(block.previous_block), (block.previous_block.start_line or 0) + 1)
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
            broken.append(BrokenEntry(getattr(entry, "key", ""), path, line))
        elif isinstance(block, model.ParsingFailedBlock):
            faults.error(path, line, "bib.syntax", _describe_failure(block), _FIX_SYNTAX)
            opening = _OPENING.match(block.raw or "")
            broken.append(BrokenEntry(opening.group(2) if opening else "", path, line))
            # An entry whose opening bibtexparser missed is swallowed by the broken one.
            _, swallowed = leftovers((block.raw or "").partition("\n")[2], line + 1, True)
            _report_leftovers(swallowed, path, broken, faults)
        elif isinstance(block, model.String):
            if _end_of_value(str(block.value).strip()) is None:
                strings.append(_braced(block.raw or ""))
            else:  # handed to Pandoc, it would stop every citation of the site
                faults.error(
                    path,
                    line,
                    "bib.syntax",
                    f"malformed @string '{block.key}': its value is not one {{...}}, \"...\" or "
                    "word (joined by #)",
                    _FIX_SYNTAX,
                )
        elif isinstance(block, model.Entry):
            entry = _entry(block, path, line, faults)
            if entry is not None:
                entries.append(entry)
            else:
                broken.append(BrokenEntry(block.key, path, line))
        elif isinstance(block, model.ImplicitComment):
            after = (
                previous if isinstance(previous, model.Entry | model.ParsingFailedBlock) else None
            )
            _check_comment(block, line, after, path, entries, broken, faults)
        previous = block
    for entry in entries:
        _check_entry(entry, faults)
    return ParsedBibFile(
        path,
        tuple(entries),
        tuple(strings),
        tuple(faults),
        tuple(b for b in broken if b.key),
    )


def _check_comment(
    block: model.ImplicitComment,
    first_line: int,
    after: model.Block | None,
    path: str,
    entries: list[BibEntry],
    broken: list[BrokenEntry],
    faults: DiagnosticList,
) -> None:
    """Report what of an entry bibtexparser left in a comment (see ``leftovers``)."""
    cut_short, found = leftovers(block.raw or "", first_line, after is not None)
    last = entries[-1] if entries else None
    if cut_short and isinstance(after, model.Entry) and last is not None and last.key == after.key:
        entries.pop()  # read as a short entry, it would be reported for missing fields
        end = last.line + last.raw.count("\n")
        faults.error(
            path,
            end,
            "bib.syntax",
            f"malformed entry '{last.key}': a closing brace too many ends it on this line, "
            "before the fields that follow",
            "remove the extra '}' (each brace in a value is closed once)",
        )
        broken.append(BrokenEntry(last.key, path, last.line))
    _report_leftovers(found, path, broken, faults)


def _report_leftovers(
    found: list[Leftover], path: str, broken: list[BrokenEntry], faults: DiagnosticList
) -> None:
    for item in found:
        if item.kind == "fields":
            faults.error(
                path,
                item.line,
                "bib.syntax",
                "fields outside any entry: the '@type{key,' line that opens them is missing",
                "start the entry with @type{key, or delete the stray fields",
            )
            continue
        opening = f"{item.entry_type}{{{item.key}"
        if item.kind == "bad-type":
            what = f"'@{opening}': '{item.entry_type}' is not an entry type"
            fix = "write the type in letters alone, as in @article{key,"
        else:
            what = f"'{opening}': it does not open with '@{item.entry_type}{{'"
            fix = f"write the opening as @{opening}, at the start of a line"
        faults.error(
            path, item.line, "bib.syntax", f"malformed entry {what}, so it is not read", fix
        )
        broken.append(BrokenEntry(item.key, path, item.line))


def _start_lines(text: str, blocks: list[model.Block]) -> dict[int, int]:
    """The 1-based line of each block (by ``id``), counted here: bibtexparser does not count
    a newline that follows a backslash, so every line below one would be off by one."""
    lines: dict[int, int] = {}
    cursor, line = 0, 1
    for block in blocks:
        at = text.find(block.raw, cursor) if block.raw else -1
        if at < 0:
            continue  # the caller falls back to bibtexparser's count
        line += text.count("\n", cursor, at)
        lines[id(block)] = line
        cursor = at
    return lines


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
            shift = line - ((block.start_line or 0) + 1)  # see _start_lines
            field_line = (fld.start_line or line - 1) + 1 + shift + value.count("\n", 0, end)
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
        raw=_braced(block.raw or ""),
    )
    bad = unsafe_urls(entry)
    if bad:
        entry = BibEntry(**{**entry.__dict__, "unsafe_urls": bad})
    return entry


def _braced(raw: str) -> str:
    """``@misc(key, ...)`` as ``@misc{key, ...}``: BibTeX reads both, Pandoc only braces."""
    opening = _ROUND_OPENING.match(raw)
    if opening is None or not raw.endswith(")"):
        return raw
    return f"{raw[: opening.end() - 1]}{{{raw[opening.end() : -1]}}}"


def _missing_comma_at(value: str) -> int | None:
    """Where a value stops being one value (a comma was left out), or ``None``."""
    if "=" not in value:
        return None  # a swallowed next field always brings its "name = "; this is the common case
    return _end_of_value(value)


def _end_of_value(value: str) -> int | None:
    """Where ``value`` stops being one value (``{...}``, ``"..."``, a word, joined by ``#``),
    or ``None`` if it is one."""
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
