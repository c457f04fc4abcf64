"""Faults found in contributors' input, reported as ``path:line: what — fix [code]``.

Every capability reports through these records, so the MkDocs plugin, the check command
and the tests all see the same text. Errors fail ``mkdocs build --strict``; advisories
(an uncited entry, an unused tag) are shown but never fail a build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "advisory"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One fault at one place.

    ``path`` is relative to the project root (the folder holding ``mkdocs.yml``), for
    instance ``docs/essays/reading.md`` or ``bib/references.bib``, so that editors and
    GitHub annotations can jump to it. ``line`` is 1-based, or ``None`` for a whole file.
    """

    path: str
    line: int | None
    code: str
    message: str
    fix: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        return f"{text} [{self.code}]"

    def github_annotation(self) -> str:
        """The GitHub Actions workflow command that pins this fault to the diff."""
        kind = "error" if self.severity == "error" else "warning"
        line = f",line={self.line}" if self.line else ""
        message = f"{self.message} — {self.fix}" if self.fix else self.message
        return f"::{kind} file={self.path}{line},title={self.code}::{_escape_gha(message)}"


def _escape_gha(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


@dataclass
class DiagnosticList:
    """Collects faults so that all of them are reported before a build fails."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    def error(self, path: str, line: int | None, code: str, message: str, fix: str = "") -> None:
        self.add(Diagnostic(path, line, code, message, fix, "error"))

    def advisory(self, path: str, line: int | None, code: str, message: str, fix: str = "") -> None:
        self.add(Diagnostic(path, line, code, message, fix, "advisory"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to ``word``, for 'did you mean ...?' hints."""
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return matches[0] if matches else None
