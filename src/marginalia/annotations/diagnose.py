"""From a page's recorded problems to ``path:line`` diagnostics.

Python-Markdown keeps no line numbers, so each problem carries a
:class:`~marginalia.annotations.records.Locator` that is looked up in the page's Markdown
source here. The lookup only reads the source; lines inside fenced code blocks are skipped
so that an example of the syntax in a code block is never blamed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from marginalia.annotations.records import Locator, Problem
from marginalia.annotations.syntax import BLOCK_NAME, CODE_SPAN_RE, TARGET_TAIL_RE
from marginalia.diagnostics import Diagnostic

_FENCE_RE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
# Any indentation or ">": a note may sit in a list item or a blockquote.
_HEADER_RE = re.compile(r"^[ \t>]*/{3,}[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")


def prose_lines(source: str) -> list[tuple[int, str]]:
    """``(line number, text)`` for every line outside fenced code blocks."""
    lines: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        m = _FENCE_RE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            continue
        if fence is not None:
            if m and m.group(1).startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        lines.append((number, line))
    return lines


def locate(where: Locator, lines: list[tuple[int, str]]) -> int | None:
    """The 1-based source line a locator points at, or ``None`` if it cannot be found."""
    seen = 0
    for number, line in lines:
        if where.kind == "header":
            m = _HEADER_RE.match(line)
            hit = bool(m and m.group(1).lower() == BLOCK_NAME and (m.group(2) or "") == where.key)
            seen += hit
        elif where.kind == "target":
            text = CODE_SPAN_RE.sub("", line)
            seen += sum(1 for t in TARGET_TAIL_RE.finditer(text) if t.group(1) == where.key)
        elif where.key and where.key in line:
            return number
        if where.kind != "text" and seen >= where.occurrence:
            return number
    return None


def diagnose(problems: Iterable[Problem], source: str, path: str) -> list[Diagnostic]:
    """Every problem as a diagnostic at ``path:line``, in source order."""
    lines = prose_lines(source)
    found = [
        Diagnostic(path, locate(p.where, lines), p.code, p.message, p.fix, "error")
        for p in problems
    ]
    return sorted(found, key=lambda d: (d.line or 0, d.code, d.message))
