"""Text that bibtexparser kept as a comment although it was meant as part of an entry.

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
# A word, "{" and a key with its comma at the start of a line: an entry without its "@".
_NO_AT_OPENING = re.compile(r"^[ \t]*(?P<type>[A-Za-z]\w*)[ \t]*[{(][ \t]*(?P<key>[^\s,{}()=]+),")
# "name = {", 'name = "' or "name = 2001": a field, here outside any entry.
_FIELD = re.compile(r'^[ \t,]*[A-Za-z][\w\-]*[ \t]*=[ \t]*[{"\w]')


@dataclass(frozen=True)
class Leftover:
    """One piece of an entry found in a comment."""

    line: int  # 1-based
    kind: str  # "bad-type", "no-at", "fields"
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
        missing_at = _NO_AT_OPENING.match(text)
        if missing_at:
            found.append(Leftover(line, "no-at", missing_at["key"], missing_at["type"]))
            inside, leading = True, False
            continue
        if _FIELD.match(text):
            cut_short = cut_short or leading
            if not inside:
                found.append(Leftover(line, "fields"))
                inside = True
            continue
        if text.strip() and not text.lstrip().startswith(("}", ")", ",")):
            inside = leading = False  # plain comment text: whatever follows is a new matter
    return cut_short, found
