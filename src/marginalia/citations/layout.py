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
    )
