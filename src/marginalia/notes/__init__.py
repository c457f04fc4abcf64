"""Notes as Pandoc writes them: inline notes (``^[...]``), and citations in note styles."""

from __future__ import annotations

from typing import Any

from marginalia.notes.inline import InlineNotesExtension


def makeExtension(**kwargs: Any) -> InlineNotesExtension:
    return InlineNotesExtension(**kwargs)
