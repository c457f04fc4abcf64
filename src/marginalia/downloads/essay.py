"""The essay as the downloads need it: immutable records of plain text, nothing of HTML."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

Style = Literal["", "i", "b", "bi", "note"]
BlockKind = Literal["h2", "h3", "p", "quote", "item"]


@dataclass(frozen=True)
class Run:
    text: str
    style: Style = ""  # "note": the number of a margin note, set as a superscript


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Note:
    number: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Essay:
    title: str
    url: str  # the page's address (canonical when the site has one)
    site_name: str
    cite_style: str  # "APA Style 7th edition"; "" when the page has no "Cite this page"
    cite_text: str
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...]
    references: tuple[str, ...]
    language: str = "en"

    def key(self, salt: str = "") -> str:
        """A content key: the same essay (and salt: format version, date) gives the same."""
        return hashlib.sha256(f"{salt}\0{self!r}".encode()).hexdigest()[:32]

    def all_text(self) -> str:
        parts = [self.title, self.site_name, self.url, self.cite_style, self.cite_text]
        parts += [b.text for b in self.blocks]
        parts += [b.text for n in self.notes for b in n.blocks]
        parts += list(self.references)
        return "\n".join(parts)
