"""The authoring syntax of margin notes, as small pure functions and patterns.

Kept apart from the Python-Markdown machinery so the rules (what a note id is, what a
``tags`` option may hold, what counts as a citation inside a quotation) can be tested as
plain tables.
"""

from __future__ import annotations

import re
from typing import Any

BLOCK_NAME = "annotation"

# A note id: letters, digits, hyphens and underscores, starting with a letter or digit, so
# that it is usable unchanged inside an HTML id and a URL fragment.
NOTE_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

# What follows the closing bracket of a target: ``{>note-id}``. The id part is matched
# loosely so that a malformed id is reported instead of falling through to attr_list.
TARGET_TAIL_RE = re.compile(r"\{>[ ]*([^}\n]*?)[ ]*\}")

# A tag as the tags feature accepts it in ``data-tags``: no spaces (the attribute is a
# space-separated list).
TAG_RE = re.compile(r"[^\s\"'<>&]+")

# A Pandoc citation key after ``@`` (Pandoc's rule: starts with a letter, digit or
# underscore; may contain internal punctuation). The ``@`` must not follow a word character,
# so that e-mail addresses are not citations.
CITATION_RE = re.compile(r"(?<![\w@])-?@[A-Za-z0-9_][\w:.#$%&+?<>~/-]*")

# Inline code spans, removed before looking for citations in raw block text.
CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)

OPTION_NAMES = ("tags",)


def is_note_id(text: str) -> bool:
    """Whether ``text`` is a well-formed note id."""
    return NOTE_ID_RE.fullmatch(text) is not None


def note_anchor(note_id: str) -> str:
    """The HTML id of a note: stable, derived from its note id."""
    return f"note-{note_id}"


def passage_anchor(note_id: str, occurrence: int = 1) -> str:
    """The HTML id of the ``occurrence``-th passage (1-based) that points at a note."""
    return f"passage-{note_id}" if occurrence == 1 else f"passage-{note_id}-{occurrence}"


def parse_tags(value: Any) -> tuple[tuple[str, ...], str | None]:
    """The tags of a note's ``tags`` option, and what is wrong with it (or ``None``).

    A list of strings (``[coercion, power]``) or one string (``power``) is accepted; a tag
    may not contain spaces or quotes, since it ends up in a space-separated attribute.
    """
    if value is None:
        return (), None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return (), f"'tags' must be a list such as [coercion, power], not {type(value).__name__}"
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            return (), f"'tags' must hold tag names, not {item!r}"
        tag = item.strip()
        if not TAG_RE.fullmatch(tag):
            return (), f"tag {tag!r} contains a space or a quote"
        if tag not in tags:
            tags.append(tag)
    return tuple(tags), None


def has_citation(markdown_text: str) -> bool:
    """Whether raw Markdown text holds a Pandoc citation outside code spans."""
    return CITATION_RE.search(CODE_SPAN_RE.sub("", markdown_text)) is not None
