"""Per-page state shared by the parts of the annotations extension during one conversion."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from marginalia.annotations.records import AnnotationsReport, Locator, Problem


@dataclass
class NoteBlockInfo:
    """What the block parser learnt about one note, kept until the tree is complete."""

    note_id: str | None  # None when the id is missing or malformed
    raw_argument: str
    tags: tuple[str, ...]
    where: Locator


@dataclass
class PageState:
    """Per-conversion state, reset before every page."""

    blocks: dict[etree.Element, NoteBlockInfo] = field(default_factory=dict)
    header_counts: Counter[str] = field(default_factory=Counter)
    pending: list[Problem] = field(default_factory=list)  # from the header guard
    problems: list[Problem] = field(default_factory=list)
    report: AnnotationsReport = field(default_factory=AnnotationsReport)

    def next_header(self, raw_argument: str) -> Locator:
        self.header_counts[raw_argument] += 1
        return Locator("header", raw_argument, self.header_counts[raw_argument])


StateGetter = Callable[[], PageState]
