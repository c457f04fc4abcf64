"""Small immutable records for what a ``.bib`` file holds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from marginalia.diagnostics import Diagnostic


@dataclass(frozen=True, eq=False)
class BibEntry:
    """One entry as written: its raw BibTeX text and its fields, still LaTeX-encoded.

    Nothing is decoded here: only cited entries are ever formatted (by Pandoc, from ``raw``),
    so a 10,000-entry file costs a raw parse and nothing more.
    """

    key: str
    entry_type: str  # lower case: "article", "book", ...
    fields: Mapping[str, str]  # lower-case field name -> raw value (braces and quotes kept)
    path: str  # the file, relative to the project root ("bib/references.bib")
    line: int  # 1-based line of the ``@type{key,`` opening
    raw: str  # the entry's text, as Pandoc reads it ("@misc{" for "@ misc\n{" or "@misc(")
    unsafe_urls: tuple[str, ...] = ()  # URLs with a scheme other than http, https, mailto

    def value(self, name: str) -> str:
        """A field's value without its outer braces or quotes ('' if absent)."""
        return strip_delimiters(self.fields.get(name, ""))

    @cached_property
    def parents(self) -> tuple[str, ...]:
        """Keys this entry inherits fields from (``crossref``, ``xref``, ``xdata``)."""
        keys: list[str] = []
        for name in ("crossref", "xref", "xdata"):
            if name in self.fields:  # most entries have none: skip the string work
                keys.extend(k.strip() for k in self.value(name).split(",") if k.strip())
        return tuple(keys)


@dataclass(frozen=True)
class BrokenEntry:
    """An entry that could not be read (its fault is reported at its line): a page citing
    it is told where it is, not that the key is unknown."""

    key: str
    path: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, eq=False)
class ParsedBibFile:
    """What one ``.bib`` file holds, with the faults found in it alone."""

    path: str
    entries: tuple[BibEntry, ...] = ()
    strings: tuple[str, ...] = ()  # raw ``@string`` blocks, in file order
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    broken: tuple[BrokenEntry, ...] = ()  # entries not read, each reported at its line


def strip_delimiters(value: str) -> str:
    """``{Text}`` or ``"Text"`` → ``Text``; a bare number or macro is returned as is."""
    value = value.strip()
    if len(value) >= 2 and (
        (value[0] == "{" and value[-1] == "}") or (value[0] == '"' and value[-1] == '"')
    ):
        return value[1:-1].strip()
    return value
