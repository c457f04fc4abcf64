"""Every ``.bib`` file of a site merged into one key → entry map, with cross-file checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from marginalia.bibliography.cache import BibliographyCache
from marginalia.bibliography.parse import parents_missing
from marginalia.bibliography.records import BibEntry, BrokenEntry, ParsedBibFile
from marginalia.bibliography.validate import missing_fields
from marginalia.diagnostics import Diagnostic


@dataclass
class Bibliography:
    """All entries by key; a key defined twice keeps its first definition and is reported."""

    entries: dict[str, BibEntry] = field(default_factory=dict)
    strings: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: dict[str, BrokenEntry] = field(default_factory=dict)  # entries that cannot be read

    @classmethod
    def from_files(cls, files: Iterable[ParsedBibFile]) -> Bibliography:
        bib = cls()
        for parsed in files:
            bib.diagnostics.extend(parsed.diagnostics)
            bib.strings.extend(parsed.strings)
            for unread in parsed.broken:
                bib.broken.setdefault(unread.key, unread)
            for entry in parsed.entries:
                first = bib.entries.get(entry.key)
                if first is None:
                    bib.entries[entry.key] = entry
                elif first.path != entry.path:
                    bib.diagnostics.append(
                        Diagnostic(
                            entry.path,
                            entry.line,
                            "bib.duplicate-key",
                            f"duplicate key '{entry.key}' (first defined at "
                            f"{first.path}:{first.line})",
                            "give one of the two entries another key, or delete the copy",
                        )
                    )
        bib._check_inherited()
        return bib

    @classmethod
    def load(cls, files: Iterable[tuple[Path, str]], cache: BibliographyCache) -> Bibliography:
        """Read ``(file, display path)`` pairs through ``cache``."""
        return cls.from_files(cache.load(path, shown) for path, shown in files)

    def _check_inherited(self) -> None:
        known = set(self.entries)
        for entry in self.entries.values():
            if not entry.parents:
                continue
            self.diagnostics.extend(parents_missing(entry, known))
            inherited = {}
            for parent in self.with_parents([entry.key])[1:]:
                inherited.update(parent.fields)
            for name in missing_fields(entry, inherited):
                self.diagnostics.append(
                    Diagnostic(
                        entry.path,
                        entry.line,
                        "bib.missing-field",
                        f"@{entry.entry_type} '{entry.key}' has no {name}",
                        f"add the {name} field (a reference without it cannot be formatted)",
                    )
                )

    def with_parents(self, keys: Iterable[str]) -> list[BibEntry]:
        """The entries for ``keys`` followed by every crossref parent they need, once each."""
        seen: dict[str, BibEntry] = {}
        queue = [k for k in keys if k in self.entries]
        while queue:
            key = queue.pop(0)
            if key in seen:
                continue
            seen[key] = self.entries[key]
            queue.extend(p for p in seen[key].parents if p in self.entries and p not in seen)
        return list(seen.values())

    def subset_bibtex(self, keys: Iterable[str]) -> tuple[str, list[tuple[int, BibEntry]]]:
        """BibTeX text holding only ``keys`` (plus macros and parents), as Pandoc reads it.

        Returns the text and, for mapping Pandoc's error lines back to a source file,
        the first line of each entry in it. Parents come after children, as BibTeX wants.
        """
        lines: list[str] = list(self.strings)
        starts: list[tuple[int, BibEntry]] = []
        line = sum(s.count("\n") + 1 for s in lines) + 1
        for entry in self.with_parents(keys):
            starts.append((line, entry))
            lines.append(entry.raw)
            line += entry.raw.count("\n") + 1
        return "\n".join(lines) + "\n", starts
