"""Entry openings that BibTeX reads but bibtexparser does not: ``@ article{`` and
``@article`` with its ``{`` on the next line.

bibtexparser 2 only starts an entry at ``@word{`` (spaces or tabs allowed before the brace),
and keeps anything else as a comment, so such an entry would vanish without a word. Each of
these openings, at the start of a line, is rewritten to ``@article{`` followed by the same
whitespace, so that every line keeps its number and the entry's raw text, which is what
Pandoc is handed, is one Pandoc reads as well.
"""

from __future__ import annotations

import re

# At the start of a line (as bibtexparser itself expects a new entry): "@", a word, and the
# opening brace or parenthesis, with any whitespace (newlines too) between them.
_SPACED_OPENING = re.compile(
    r"^(?P<indent>[ \t]*)@(?P<gap>\s*)(?P<type>\w+)(?P<space>\s*)(?P<open>[{(])", re.M
)


def normalise_openings(text: str) -> str:
    """``text`` with every spaced entry opening closed up; lines are neither added nor lost."""
    if "@" not in text:
        return text
    return _SPACED_OPENING.sub(_close_up, text)


def _close_up(match: re.Match[str]) -> str:
    gap, space = match["gap"], match["space"]
    if not gap and "\n" not in space and "\r" not in space:
        return match[0]  # "@article{" or "@article {": bibtexparser reads those already
    return f"{match['indent']}@{match['type']}{match['open']}{gap}{space}"
