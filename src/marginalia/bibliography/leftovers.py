"""Text that bibtexparser kept as a comment, or swallowed into an entry it could not read,
although it was meant as an entry of its own.

Outside an entry, BibTeX reads everything as a comment, and so does bibtexparser: an entry
whose type is mistyped (``@artic$le{``, ``@#book{``), whose ``@`` was lost, or whose fields
were cut off by a stray closing brace (``author = {A}},``) would vanish without a word, or
be read as a short entry missing its fields. Each comment is read here line by line, and
each such leftover is reported once, at its line, as ``bib.syntax``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "@" at the start of a line, then a type that is not a word, then "{" or "(": a mistyped
# entry. The key is whatever follows, up to the comma.
_BAD_OPENING = re.compile(r"^[ \t]*@[ \t]*(?P<type>[^\s{(]*)\s*[{(]\s*(?P<key>[^\s,{}()]*)")
# Outside a "%" comment, a word, "{" and a key with its comma, near the start of the line or
# ending it: an entry whose "@" was lost, replaced or moved to a line of its own.
_OPENING_TAIL = r"(?P<type>[A-Za-z]\w*)[ \t]*[{(][ \t]*(?P<key>[^\s,{}()=\"]+),"
_NO_AT_OPENINGS = (
    re.compile(r"^(?![ \t]*%)[^\w@\n]*" + _OPENING_TAIL),
    re.compile(r"^(?![ \t]*%)[^\n={}]*?(?<!\w)" + _OPENING_TAIL + r"[ \t]*$"),
)
# Nothing but what closes an entry: the text right after it goes on.
_CLOSERS = re.compile(r"[\s,})]*")
# "name = {", 'name = "' or "name = 2001": a field, here outside any entry.
_FIELD = re.compile(r'^[ \t,]*[A-Za-z][\w\-]*[ \t]*=[ \t]*[{"\w]')


@dataclass(frozen=True)
class Leftover:
    """One piece of an entry found in a comment."""

    line: int  # 1-based
    kind: str  # "bad-type", "bad-opening", "fields"
    key: str = ""  # the entry's key where it can be read
    entry_type: str = ""


def leftovers(comment: str, first_line: int, after_entry: bool) -> tuple[bool, list[Leftover]]:
    """Whether ``comment`` starts with fields (the entry before it was closed too early, when
    ``after_entry``), and every other leftover in it.

    ``first_line`` is the 1-based line of the comment's first character. Lines that follow
    a reported leftover belong to it and are not reported again.
    """
    found: list[Leftover] = []
    cut_short = False
    leading = after_entry  # still in the text right after the entry's closing brace
    inside = after_entry  # fields right after an entry, or after a leftover, belong to it
    for offset, text in enumerate(comment.split("\n")):
        line = first_line + offset
        bad = _BAD_OPENING.match(text)
        if bad and not re.fullmatch(r"\w+", bad["type"]):
            found.append(Leftover(line, "bad-type", bad["key"], bad["type"]))
            inside, leading = True, False
            continue
        missing_at = _NO_AT_OPENINGS[0].match(text) or _NO_AT_OPENINGS[1].match(text)
        if missing_at:
            found.append(Leftover(line, "bad-opening", missing_at["key"], missing_at["type"]))
            inside, leading = True, False
            continue
        if _FIELD.match(text):
            cut_short = cut_short or leading
            if not inside:
                found.append(Leftover(line, "fields"))
                inside = True
            continue
        if not _CLOSERS.fullmatch(text):
            inside = leading = False  # plain comment text: whatever follows is a new matter
    return cut_short, found
