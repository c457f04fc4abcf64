"""References in the margin (``citation_location: margin``), for author-date styles.

As Quarto's ``citation-location: margin``: the full reference of each work sits beside the
paragraph that first cites it on the page, in the paragraph's margin-note group, so that it
shares the margin (and its layout: stacked, behind a button on a phone) with the margin
notes. The page's reference list stays; print shows the list only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from marginalia.citations.collect import PageCluster
from marginalia.notes.render import beside_paragraphs

_UNSAFE = re.compile(r"[^\w.:-]+")


def reference_aside(number: int, key: str, anchor: str, reference: str) -> str:
    rid = "mref-" + _UNSAFE.sub("-", key)
    return (
        f'<aside class="mg-note mg-note--reference" id="{rid}" role="note" '
        f'aria-labelledby="{rid}-label" data-search-exclude>\n'
        f'<p class="mg-note__head"><span class="mg-note__label" id="{rid}-label">'
        f"Reference {number}</span> "
        f'<a class="mg-note__back headerlink" href="#{html.escape(anchor)}" '
        f'aria-label="Back to the citation of reference {number}">↩︎</a></p>\n'
        f'<div class="mg-note__body" id="{rid}-body">\n<p>{reference}</p>\n</div>\n</aside>'
    )


def margin_references(
    page_html: str, clusters: Sequence[PageCluster], references: Mapping[str, str]
) -> str:
    """``page_html`` with each cited work's reference beside its first citation's paragraph
    (a citation outside a paragraph, in a table or a heading, places none)."""
    first: dict[str, str] = {}
    for pc in clusters:
        for key in pc.cluster.keys:
            if key in references and key not in first:
                first[key] = pc.anchor
    asides = [
        (anchor, reference_aside(number, key, anchor, references[key]))
        for number, (key, anchor) in enumerate(first.items(), start=1)
    ]
    return beside_paragraphs(page_html, asides).html if asides else page_html
