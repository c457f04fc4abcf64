"""The sentence around a link, cut out of the plain text of the block that holds it.

Works on text, never on Markdown or HTML: the caller hands over the block's text (a
paragraph, a list item) and where the link's text starts and ends in it. A full stop ends a
sentence only when it is followed by white space and then a capital, a digit or an opening
quote or bracket, and when the word before it is not a known abbreviation ("e.g.", "cf.",
"p.") or an initial ("E. Ostrom").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end in a full stop without ending a sentence (lower-cased, without the stop).
ABBREVIATIONS = frozenset(
    [
        "al",
        "cf",
        "ch",
        "chap",
        "dr",
        "ed",
        "eds",
        "eg",
        "esp",
        "etc",
        "fig",
        "ie",
        "incl",
        "mr",
        "mrs",
        "ms",
        "nos",
        "p",
        "pp",
        "prof",
        "st",
        "vol",
        "vols",
        "vs",
        "viz",
        "approx",
        "dept",
        "univ",
        "jr",
        "sr",
    ]
)
# How much of the sentence is kept on each side of the link text, and of the link text.
SIDE_CHARS = 120
LINK_CHARS = 100
ELLIPSIS = "…"

# A candidate end: terminal punctuation, closing quotes or brackets, then white space.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9À-ÖØ-Þ]")


@dataclass(frozen=True)
class LinkSentence:
    """A sentence split around its link: ``before`` + ``link`` + ``after``, already trimmed;
    the ellipses say where text was cut."""

    before: str
    link: str
    after: str


def sentence_ends(text: str) -> list[int]:
    """Positions just after each sentence end in ``text`` (the white space that follows is
    not included)."""
    ends = []
    for match in _END.finditer(text):
        if not _NEXT_STARTS_SENTENCE.match(text, match.end()):
            continue
        if match.group(0)[0] == "." and _is_abbreviation(text, match.start()):
            continue
        ends.append(match.end())
    return ends


def _is_abbreviation(text: str, stop: int) -> bool:
    # The word before the stop, from the last white space (not a regex from the start of the
    # text: this runs for every full stop of every block holding a link).
    token = text[max(text.rfind(" ", 0, stop), text.rfind("\n", 0, stop)) + 1 : stop]
    token = token.lstrip("\"'“‘([")
    if not token:
        return False
    bare = token.replace(".", "").lower()
    # Dots inside the word (e.g, i.e, U.K), an initial (J), a known abbreviation (pp).
    return "." in token or (len(bare) == 1 and bare.isalpha()) or bare in ABBREVIATIONS


def link_sentence(
    text: str, start: int, end: int, *, side: int = SIDE_CHARS, link_limit: int = LINK_CHARS
) -> LinkSentence:
    """The sentence of ``text`` holding ``text[start:end]`` (the link's text), trimmed to at
    most ``side`` characters on each side of the link, at word boundaries."""
    ends = sentence_ends(text)
    # A sentence end inside the link's own text ("see e.g. this. That") does not count.
    begin = max((e for e in ends if e <= start), default=0)
    finish = min((e for e in ends if e >= end), default=len(text))
    before = " ".join(text[begin:start].split())
    after = " ".join(text[end:finish].split())
    link = " ".join(text[start:end].split())
    # Keep the space between the link and its neighbours that the text had.
    if before and text[start - 1 : start].isspace():
        before += " "
    if after and text[end : end + 1].isspace():
        after = " " + after
    return LinkSentence(
        _keep_end(before, side), _keep_start(link, link_limit), _keep_start(after, side)
    )


def _keep_end(text: str, limit: int) -> str:
    """The last ``limit`` characters of ``text`` or fewer, starting at a word, with an
    ellipsis for what was cut."""
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    space = cut.find(" ")
    cut = cut[space + 1 :] if 0 <= space < len(cut) - 1 else cut
    return ELLIPSIS + cut


def _keep_start(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text`` or fewer, ending at a word, with an
    ellipsis for what was cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else cut
    return cut.rstrip(" ,;:") + ELLIPSIS
