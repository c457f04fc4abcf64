"""Finding the Markdown line a rendered link came from.

The built HTML no longer says which source line made a link, and its ``href`` is rewritten
(``other.md#x`` becomes ``../other/#x``). The line is found by scoring each source line on
the pieces that survive rendering: the fragment, the target's file name, the link text. A
link the publisher generated (a "Cited in" entry, a tag listing) usually matches no line, and
is then reported at the page alone.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit


def link_needles(href: str, texts: Sequence[str] = ()) -> list[tuple[str, int]]:
    """The substrings that betray a link's source line, each with a weight."""
    needles: list[tuple[str, int]] = [(href, 4)]
    parts = urlsplit(href)
    if parts.fragment:
        needles.append(("#" + unquote(parts.fragment), 2))
        needles.append(("#" + parts.fragment, 2))
    stem = posixpath.basename(unquote(parts.path).rstrip("/"))
    stem = stem.removesuffix(".html")
    if stem and stem not in (".", "..", "index"):
        needles.append((stem + ".md", 2))
        needles.append((stem, 1))
    for text in texts:
        if text:
            needles.append(("[" + text + "]", 3))
        if len(text) >= 2:
            needles.append((text, 1))
    # The same needle twice (an encoded fragment that needs no decoding) counts once.
    unique: dict[str, int] = {}
    for needle, weight in needles:
        if needle:
            unique[needle] = max(weight, unique.get(needle, 0))
    return list(unique.items())


def locate_link(markdown: str, href: str, texts: Sequence[str] = ()) -> int | None:
    """The 1-based line of ``markdown`` that most likely holds the link, or None."""
    needles = link_needles(href, texts)
    # With a fragment, a line linking to the same page but elsewhere is another link.
    fragment = urlsplit(href).fragment
    decisive = {"#" + fragment, "#" + unquote(fragment), href} | {f"[{t}]" for t in texts if t}
    best_line, best_score = None, 0
    for number, line in enumerate(markdown.splitlines(), start=1):
        if fragment and not any(needle in line for needle in decisive):
            continue
        score = sum(weight for needle, weight in needles if needle in line)
        if score > best_score:
            best_line, best_score = number, score
    # A lone weak match (the target's bare name in prose) is not evidence enough.
    return best_line if best_score >= 3 else None
