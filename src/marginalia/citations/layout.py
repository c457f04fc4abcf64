"""What the citation layout of a CSL style tells the batching about joining runs.

A cluster whose works live in different citeproc batches is formatted in runs, one per
batch, and joined here as citeproc would have joined its cites: the layout's prefix, its
cites separated by its delimiter, its suffix (``partition.lua`` explains when that is exact).
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

_CSL = "{http://purl.org/net/xbiblio/csl}"
_AFFIXES = {"prefix", "suffix", "delimiter"}


@dataclass(frozen=True)
class CitationLayout:
    """The in-text citation's layout, as far as joining runs needs it."""

    prefix: str = ""
    suffix: str = ""
    delimiter: str = ""
    sorted: bool = False  # the style sorts the cites of a cluster
    groups: bool = False  # cite grouping: cites with the same names are moved together
    joinable: bool = False  # runs can be joined from the affixes alone
    # Name variables that stand in for a missing author wherever the style names authors:
    # a work with none of them (nor an author) is cited without names.
    substitutes: tuple[str, ...] = ()


def citation_layout(style_text: str) -> CitationLayout:
    """The layout of ``<citation>``; not joinable when anything but affixes shapes it."""
    try:
        root = ElementTree.fromstring(style_text.encode("utf-8"))
    except ElementTree.ParseError:
        return CitationLayout()
    citation = root.find(f"{_CSL}citation")
    layout = citation.find(f"{_CSL}layout") if citation is not None else None
    if citation is None or layout is None:
        return CitationLayout()
    delimiter = layout.get("delimiter", "")
    groups = "collapse" in citation.attrib or "cite-group-delimiter" in citation.attrib
    # Formatting on the layout wraps the whole cluster; a delimiter after collapsed cites
    # that differs from the layout's depends on how the run before it ended.
    after_collapse = citation.get("after-collapse-delimiter", delimiter)
    joinable = set(layout.attrib) <= _AFFIXES and (not groups or after_collapse == delimiter)
    return CitationLayout(
        prefix=layout.get("prefix", ""),
        suffix=layout.get("suffix", ""),
        delimiter=delimiter,
        sorted=citation.find(f"{_CSL}sort") is not None,
        groups=groups,
        joinable=joinable,
        substitutes=_substitutes(root),
    )


def _substitutes(root: ElementTree.Element) -> tuple[str, ...]:
    """The name variables that every ``<names variable="author">`` the in-text citation
    can render (in its layout, or in a macro it calls) puts in a missing author's place."""
    macros = {m.get("name"): m for m in root.iter(f"{_CSL}macro")}
    layout = root.find(f"{_CSL}citation/{_CSL}layout")
    reachable, todo = [], [layout] if layout is not None else []
    seen: set[str] = set()
    while todo:
        element = todo.pop()
        reachable.append(element)
        for inner in element.iter():
            name = inner.get("macro")
            if name and name not in seen and name in macros:
                seen.add(name)
                todo.append(macros[name])
    common: set[str] | None = None
    for element in reachable:
        for names in element.iter(f"{_CSL}names"):
            if "author" not in names.get("variable", "").split():
                continue
            found: set[str] = set()
            for substitute in names.iter(f"{_CSL}substitute"):
                for inner in substitute.iter(f"{_CSL}names"):
                    found.update(inner.get("variable", "").split())
            common = found if common is None else common & found
    return tuple(sorted(common or ()))
