"""Where in a page's Markdown source a tag was written, for ``path:line`` diagnostics.

Only read, never edited: faults are found in front matter and rendered HTML, and these
helpers merely point back at the line a contributor has to change.
"""

from __future__ import annotations

import re

import yaml


def front_matter_tag_lines(source: str) -> tuple[int | None, dict[str, int]]:
    """The line of ``tags:`` in the front matter, and the line of each tag listed under it.

    Lines are 1-based and count the opening ``---``; ``(None, {})`` without front matter.
    """
    lines = source.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None, {}
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, {}
    try:
        root = yaml.compose("\n".join(lines[1:end]), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None, {}
    if not isinstance(root, yaml.MappingNode):
        return None, {}
    for key, value in root.value:
        if key.value != "tags":
            continue
        found: dict[str, int] = {}
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if isinstance(item, yaml.ScalarNode):
                found.setdefault(str(item.value), item.start_mark.line + 2)
        return key.start_mark.line + 2, found
    return None, {}


def passage_tag_line(source: str, anchor: str, tag: str) -> int | None:
    """The line where the passage ``anchor`` was given ``tag``, as well as can be told.

    Headings carry ``{ #anchor data-tags="..." }``; margin notes declare ``tags:`` a few
    lines below ``/// annotation | anchor``. Falls back to any line naming the tag next to
    ``tags``, then to the line naming the anchor.
    """
    lines = source.splitlines()
    word = re.compile(rf"(?<![\w-]){re.escape(tag)}(?![\w-])")
    # Margin notes are written as "/// annotation | id" and rendered with id "note-<id>".
    names = [anchor] + ([anchor[len("note-") :]] if anchor.startswith("note-") else [])
    alternatives = "|".join(re.escape(name) for name in names)
    anchor_word = re.compile(rf"(?<![\w-])#?(?:{alternatives})(?![\w-])")
    anchor_lines = [i for i, line in enumerate(lines) if anchor_word.search(line)]
    for start in anchor_lines:
        for i in range(start, min(start + 12, len(lines))):
            if word.search(lines[i]) and "tags" in lines[i]:
                return i + 1
    for i, line in enumerate(lines):
        if "tags" in line and word.search(line):
            return i + 1
    return anchor_lines[0] + 1 if anchor_lines else None
