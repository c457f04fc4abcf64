"""What one page's margin notes amount to: small immutable records, no Markdown objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LocatorKind = Literal["header", "target", "text"]


@dataclass(frozen=True)
class Locator:
    """How to find a fault in the page's Markdown source, which the parser never sees whole.

    ``header``: the ``occurrence``-th ``/// annotation`` line whose argument is ``key``;
    ``target``: the ``occurrence``-th ``{>key}``; ``text``: the first line holding ``key``.
    """

    kind: LocatorKind
    key: str
    occurrence: int = 1


@dataclass(frozen=True)
class Problem:
    """A fault found while rendering, before it is given a path and line."""

    code: str
    message: str
    fix: str
    where: Locator


@dataclass(frozen=True)
class NoteRecord:
    """A rendered note: its number on the page, its id and anchor, and its tags."""

    number: int
    note_id: str
    anchor: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetRecord:
    """A marked passage and the note it points at (``number`` is 0 when there is none)."""

    note_id: str
    anchor: str
    number: int
    text: str


@dataclass
class AnnotationsReport:
    """Everything the extension saw on one page, in page order."""

    notes: list[NoteRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
