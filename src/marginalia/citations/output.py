"""Pandoc's HTML split by cluster and by reference, merged across processes, runs joined.

``partition.lua`` writes one div per cluster (``mg-c-N``), or, for a cluster across
batches, one div per run (``mg-r-N-J``, the first carrying the cluster's keys and the
number of runs); then the reference entries, and on request how often each work was
given to citeproc and which cached batch files were used.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from marginalia.citations.layout import CitationLayout

_PIECE_RE = re.compile(
    r'<div id="mg-(?:c-(\d+)|r-(\d+)-(\d+))"([^>]*)>\s*(.*?)\s*</div>\s*'
    r'(?=<div id="mg-|<div id="refs"|$)',
    re.DOTALL,
)
_ENTRY_RE = re.compile(
    r'<div id="ref-([^"]*)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>\s*(?=<div id="ref-|</div>\s*$)',
    re.DOTALL,
)
_ORDER_RE = re.compile(r'<div id="mg-order">\s*(.*?)\s*</div>', re.DOTALL)
_STATS_RE = re.compile(r'<div id="mg-stats">\s*(.*?)\s*</div>', re.DOTALL)
_USED_RE = re.compile(r'<div id="mg-cache-used">\s*(.*?)\s*</div>', re.DOTALL)
_ATTRIBUTE_RE = re.compile(r'data-mg-(runs|cites)="([^"]*)"')
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
_CITATION = re.compile(r'^<span class="citation" data-cites="[^"]*">(.*)</span>$', re.DOTALL)


@dataclass
class RenderResult:
    """Pandoc's HTML for every cluster (by position) and every reference (by key)."""

    clusters: list[str] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)  # in the style's order
    previews: dict[str, str] = field(default_factory=dict)  # tooltip text, by key
    from_cache: bool = False
    # How often citeproc was given each work, by kind of run ("batch", "order"): only
    # when asked for (``RenderRequest.stats``), to test that it stays bounded.
    given: dict[str, dict[str, int]] = field(default_factory=dict)
    cache_files: list[str] = field(default_factory=list)  # batch files the run used


@dataclass
class _Parsed:
    clusters: dict[int, str] = field(default_factory=dict)
    runs: dict[int, dict[int, tuple[str, str]]] = field(default_factory=dict)  # attrs, html
    references: dict[str, str] = field(default_factory=dict)


def merge_outputs(outputs: Sequence[str], count: int, layout: CitationLayout) -> RenderResult:
    """One result from the outputs of the processes that shared the batches: each piece
    and each reference is in exactly one of them; the first lists the references' order."""
    parts = [_parse(output) for output in outputs]
    result = RenderResult(clusters=[""] * count)
    runs: dict[int, dict[int, tuple[str, str]]] = {}
    for part in parts:
        for number, text in part.clusters.items():
            if number < count:
                result.clusters[number] = text
        for number, pieces in part.runs.items():
            runs.setdefault(number, {}).update(pieces)
        result.references.update(part.references)
    for number, pieces in runs.items():
        if number < count:
            result.clusters[number] = join_runs(pieces, layout)
    if len(outputs) > 1:
        found = _ORDER_RE.search(outputs[0])
        order = html.unescape(found.group(1)).split() if found else []
        rank = {key: index for index, key in enumerate(order)}
        ordered = sorted(result.references, key=lambda key: rank.get(key, len(rank)))
        result.references = {key: result.references[key] for key in ordered}
    for output in outputs:
        _add_stats(result, output)
    return result


def join_runs(pieces: dict[int, tuple[str, str]], layout: CitationLayout) -> str:
    """A cluster from its runs, in order: the layout's prefix, each run's cites (without
    the prefix and suffix citeproc gave the run), the delimiter between, the suffix."""
    attributes = dict(_ATTRIBUTE_RE.findall(pieces.get(0, ("", ""))[0]))
    prefix, suffix = _escape(layout.prefix), _escape(layout.suffix)
    bodies = []
    for number in sorted(pieces):
        found = _CITATION.match(pieces[number][1])
        body = found.group(1) if found else pieces[number][1]
        if found and body.startswith(prefix) and body.endswith(suffix):
            body = body[len(prefix) : len(body) - len(suffix)]
        bodies.append(body)
    joined = prefix + _escape(layout.delimiter).join(bodies) + suffix
    cites = attributes.get("cites", "")
    return f'<span class="citation" data-cites="{cites}">{joined}</span>'


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _parse(output: str) -> _Parsed:
    parsed = _Parsed()
    refs_at = output.find('<div id="refs"')
    body, refs = (output[:refs_at], output[refs_at:]) if refs_at >= 0 else (output, "")
    for match in _PIECE_RE.finditer(body):
        inner = match.group(5)
        paragraph = _PARAGRAPH.match(inner)
        text = paragraph.group(1) if paragraph else inner
        if match.group(1) is not None:
            parsed.clusters[int(match.group(1))] = text
        else:
            number, run = int(match.group(2)), int(match.group(3))
            parsed.runs.setdefault(number, {})[run] = (match.group(4), text)
    for match in _ENTRY_RE.finditer(refs):
        parsed.references[html.unescape(match.group(1))] = match.group(2)
    return parsed


def _add_stats(result: RenderResult, output: str) -> None:
    found = _STATS_RE.search(output)
    if found:
        for word in html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split():
            kind, count, key = word.split(":", 2)
            counts = result.given.setdefault(kind, {})
            counts[key] = counts.get(key, 0) + int(count)
    used = _USED_RE.search(output)
    if used:
        result.cache_files += html.unescape(re.sub(r"<[^>]+>", "", used.group(1))).split()
