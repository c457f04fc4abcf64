"""Pandoc's citation syntax, as plain functions over one inline run of Markdown text.

The rules follow Pandoc's Markdown reader (``Text.Pandoc.Readers.Markdown.cite`` and
``Text.Pandoc.Parsing.citeKey``) closely enough to decide *where* a citation is; the exact
meaning of prefixes, locators and suffixes is left to Pandoc itself, which receives each
cluster's raw text verbatim.

- A key starts with a letter, digit or ``_`` and may contain ``:.#$%&-+?<>~/`` between
  word characters (so ``@smith:2013.a`` and ``@doe/2020`` are keys, and the full stop in
  ``@smith2013.`` ends a sentence); ``@{...}`` braces any key without white space.
- ``@`` right after a letter, a digit or a full stop is not a citation (``me@example.org``).
- ``[...]`` is a citation cluster when it is a ``;``-separated list of items, each with
  exactly one key; a cluster directly followed by ``(`` or ``[`` is a link, not a citation.
- ``@key [p. 4]`` is a narrative citation with a locator; ``@key [-@other]`` joins a
  bracketed cluster to a narrative one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The body of a simple key: word characters, with some punctuation allowed between them.
_SIMPLE_KEY = r"[^\W](?:[^\W]|[:.#$%&\-+?<>~/](?=[^\W])|[:/](?=/))*"
_BRACED_KEY = r"\{[^\s{}]*(?:\{[^\s{}]*\}[^\s{}]*)*\}"
KEY_RE = re.compile(rf"(?P<minus>-?)@(?:(?P<key>{_SIMPLE_KEY})|(?P<braced>{_BRACED_KEY}))")
# Characters after which ``@`` does not start a citation: word characters (but not ``_``,
# which Pandoc accepts) and the full stop.
_NOT_AFTER = re.compile(r"[^\W_]|\.")


@dataclass(frozen=True)
class CitationItem:
    """One work within a cluster: ``see @key, p. 3`` → prefix ``see``, suffix ``, p. 3``."""

    key: str
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class CitationCluster:
    """A citation as written: its raw Markdown text and the works it cites, in order."""

    raw: str
    items: tuple[CitationItem, ...]
    narrative: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.items)


def key_of(match: re.Match[str]) -> str:
    """The key a :data:`KEY_RE` match names (braces stripped)."""
    braced = match.group("braced")
    return braced[1:-1] if braced else match.group("key")


def key_allowed_at(text: str, at: int) -> bool:
    """Whether a key (``@`` or ``-@``) may start at ``text[at]``, by what precedes it."""
    return at == 0 or not _NOT_AFTER.match(text[at - 1])


def find_keys(text: str) -> list[re.Match[str]]:
    """Every citation key in ``text`` that Pandoc would read as one."""
    found = []
    for match in KEY_RE.finditer(text):
        if key_allowed_at(text, match.start()):
            found.append(match)
        elif match.group("minus") and (plain := KEY_RE.match(text, match.start() + 1)):
            found.append(plain)  # "foo-@key": the hyphen is text, the key still counts
    return found


def matching_bracket(text: str, start: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``text[start]``, or -1."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _split_items(inner: str) -> list[str]:
    """Split a cluster's inside on ``;`` outside nested brackets and braces."""
    parts, depth, current = [], 0, []
    for char in inner:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        if char == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_bracketed(raw: str) -> CitationCluster | None:
    """Read ``[see @a, p. 3; @b]`` as a cluster, or ``None`` if it is not a citation."""
    if not (raw.startswith("[") and raw.endswith("]")) or raw.startswith("[^"):
        return None
    items = []
    for part in _split_items(raw[1:-1]):
        keys = find_keys(part)
        if len(keys) != 1:
            return None
        match = keys[0]
        items.append(
            CitationItem(
                key=key_of(match),
                prefix=part[: match.start()].strip(),
                suffix=part[match.end() :].strip(),
                suppress_author=bool(match.group("minus")),
            )
        )
    return CitationCluster(raw=raw, items=tuple(items)) if items else None


_LOCATOR_AFTER_KEY = re.compile(r"[ \t]*\n?[ \t]*\[")


def parse_narrative(text: str, at: int) -> tuple[CitationCluster, int] | None:
    """Read a narrative citation (``@key``, ``@key [p. 4]``, ``@key [-@b]``) at ``text[at]``.

    Returns the cluster and the index just past it, or ``None``.
    """
    match = KEY_RE.match(text, at)
    if not match or not key_allowed_at(text, at):
        return None
    first = CitationItem(key_of(match), suppress_author=bool(match.group("minus")))
    end = match.end()
    gap = _LOCATOR_AFTER_KEY.match(text, end)
    if gap:
        open_at = gap.end() - 1
        close_at = matching_bracket(text, open_at)
        following = text[close_at + 1 : close_at + 2] if close_at != -1 else ""
        if (
            close_at != -1
            and following not in ("(", "[")
            and text[open_at + 1 : open_at + 2] != "^"
        ):
            bracket = text[open_at : close_at + 1]
            joined = parse_bracketed(bracket)
            if joined is not None:
                items = (first, *joined.items)
                return CitationCluster(text[at : close_at + 1], items, narrative=True), close_at + 1
            if not find_keys(bracket):
                suffix = bracket[1:-1].strip()
                item = CitationItem(first.key, suffix=suffix, suppress_author=first.suppress_author)
                return CitationCluster(
                    text[at : close_at + 1], (item,), narrative=True
                ), close_at + 1
    return CitationCluster(text[at:end], (first,), narrative=True), end
