"""Related pages and backlinks, from inverted indexes (never a loop over all pairs).

For each page the candidates are only the pages that share one of its tags or one of its
cited works: ``Counter`` counts them over the index lists in C, so a site of 2,000 pages
with a small vocabulary ranks in a fraction of a second. Everything that does not depend on
the page being ranked (each page's tags and works, its place in the tie order) is computed
once, when the index is made.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from marginalia.site import PageInfo


@dataclass(frozen=True, slots=True)
class RelatedPage:
    """A page related to another, with why: the tags and works they share."""

    page: PageInfo
    score: float
    shared_tags: tuple[str, ...]
    shared_keys: tuple[str, ...]


def _index(values: dict[int, tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Value -> the pages (by tie rank) that have it."""
    index: dict[str, list[int]] = defaultdict(list)
    for rank, items in values.items():
        for value in items:
            index[value].append(rank)
    return {value: tuple(ranks) for value, ranks in index.items()}


def _count(index: dict[str, tuple[int, ...]], values: tuple[str, ...]) -> Counter[int]:
    """How many of ``values`` each page shares (counted in C over the joined lists)."""
    return Counter(chain.from_iterable(map(index.__getitem__, values)))


class RelatedIndex:
    """Ranks content pages against each other by shared tags and shared citations."""

    def __init__(
        self, pages: Iterable[PageInfo], tag_weight: float = 1.0, citation_weight: float = 0.5
    ) -> None:
        self.pages = {p.src_path: p for p in pages}
        self.tag_weight = tag_weight
        self.citation_weight = citation_weight
        # Pages are numbered in their tie order (title, then path), so that ties are broken
        # by comparing integers, and the indexes hold those numbers.
        self._order = sorted(self.pages.values(), key=lambda p: (p.title.lower(), p.src_path))
        self._rank = {page.src_path: rank for rank, page in enumerate(self._order)}
        self._tags = {r: tuple(dict.fromkeys(p.tags)) for r, p in enumerate(self._order)}
        self._keys = {r: tuple(p.cited_keys) for r, p in enumerate(self._order)}
        self.by_tag = _index(self._tags)
        self.by_key = _index(self._keys)
        # Sorted tuples of strings, not frozensets: the collector stops tracking those.
        self._signatures = [
            (tuple(sorted(self._tags[rank])), tuple(sorted(self._keys[rank])))
            for rank in range(len(self._order))
        ]
        self._waiting = Counter(self._signatures)  # pages of each signature not yet served
        self._best: dict[tuple[tuple, int], list[tuple[int, RelatedPage]]] = {}

    def related(self, src_path: str, limit: int) -> list[RelatedPage]:
        """The ``limit`` best-scoring other pages, best first; ties by title, then path."""
        me = self._rank.get(src_path)
        if limit <= 0 or me is None:
            return []
        # Pages with the same tags and works have the same neighbours: the best ``limit + 1``
        # are found once for all of them, and each leaves itself out. An entry is dropped
        # once every page of its signature has been served (a cache that lived through the
        # build would give the garbage collector thousands more objects to walk through).
        signature = self._signatures[me]
        key = (signature, limit)
        self._waiting[signature] -= 1
        last = self._waiting[signature] <= 0
        best = self._best.pop(key, None) if last else self._best.get(key)
        if best is None:
            best = self._rank_against(me, limit + 1)
            if not last:
                self._best[key] = best
        return [related for rank, related in best if rank != me][:limit]

    def _rank_against(self, me: int, limit: int) -> list[tuple[int, RelatedPage]]:
        """The ``limit`` best pages for the tags and works of page ``me``, itself included."""
        tags, keys = self._tags[me], self._keys[me]
        tag_weight, citation_weight = self.tag_weight, self.citation_weight
        tag_counts = _count(self.by_tag, tags) if tag_weight else Counter()
        key_counts = _count(self.by_key, keys) if citation_weight else Counter()
        # score = tag_weight * shared tags + citation_weight * shared works. When only one
        # kind is shared, the count ranks pages as the score does (its weight is positive).
        scores: dict[int, float]
        if not key_counts and tag_weight > 0:
            scores = tag_counts
        elif not tag_counts and citation_weight > 0:
            scores = key_counts
        else:
            scores = {other: tag_weight * n for other, n in tag_counts.items()}
            get = scores.get
            for other, n in key_counts.items():
                scores[other] = get(other, 0) + citation_weight * n
        # Two sorts in C, no tuple per candidate: by tie rank, then (stable, so ranks stay in
        # order among equal scores) by score, best first.
        ordered = sorted(scores)
        ordered.sort(key=scores.__getitem__, reverse=True)
        tag_set, key_set = set(tags), set(keys)
        found = []
        for other in ordered[:limit]:
            if scores[other] <= 0:
                break
            shared_tags = tuple([t for t in self._tags[other] if t in tag_set])
            shared_keys = tuple([k for k in self._keys[other] if k in key_set]) if keys else ()
            score = tag_weight * len(shared_tags) + citation_weight * len(shared_keys)
            page = RelatedPage(self._order[other], score, shared_tags, shared_keys)
            found.append((other, page))
        return found


def backlinks(pages: Iterable[PageInfo]) -> dict[str, list[PageInfo]]:
    """For every linked page, the pages linking to it (sorted by title), self-links left out."""
    incoming: dict[str, list[PageInfo]] = defaultdict(list)
    for page in pages:
        for target in page.links_to:
            if target != page.src_path:
                incoming[target].append(page)
    for sources in incoming.values():
        sources.sort(key=lambda p: (p.title.lower(), p.src_path))
    return incoming
