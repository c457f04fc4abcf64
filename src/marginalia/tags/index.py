"""Which pages and passages carry each tag: the inverted index behind tag pages and counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from marginalia.site import PageInfo, TaggedPassage


class TagIndex:
    """Tag id → the pages carrying it, and tag id → the passages carrying it."""

    def __init__(self, pages: Iterable[PageInfo]) -> None:
        self.pages: dict[str, list[PageInfo]] = defaultdict(list)
        self.passages: dict[str, list[tuple[PageInfo, TaggedPassage]]] = defaultdict(list)
        for info in pages:
            for tag in info.tags:
                self.pages[tag].append(info)
            for passage in info.passages:
                for tag in passage.tags:
                    self.passages[tag].append((info, passage))

    def used(self, tag: str) -> bool:
        return bool(self.pages.get(tag) or self.passages.get(tag))

    def counts(self, tag: str, order: Iterable[str]) -> dict[str, int]:
        """How many pages of each type (types in ``order`` first) and passages carry ``tag``."""
        counts = dict.fromkeys(order, 0)
        for page in self.pages.get(tag, ()):
            kind = page.type or "page"
            counts[kind] = counts.get(kind, 0) + 1
        counts["passage"] = len(self.passages.get(tag, ()))
        return counts
