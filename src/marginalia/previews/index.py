"""The preview index: every page's title and one-line summary, keyed by its URL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Links that already have a job of their own: permalinks next to headings, footnote
# references, and citations, which carry their own preview of the full reference.
DEFAULT_SKIP_CLASSES = ("headerlink", "footnote-ref", "footnote-backref", "mg-cite__link")


@dataclass(frozen=True)
class LinkPreview:
    """What a reader sees when pointing at a link to a page."""

    title: str
    summary: str = ""


def preview_index(
    previews: Mapping[str, LinkPreview], skip_classes: Iterable[str] = DEFAULT_SKIP_CLASSES
) -> dict:
    """The index as plain data: ``{"skip": [classes], "pages": {url: {title, summary}}}``.

    URLs are site-relative as MkDocs gives them (``""`` for the home, ``"essays/x/"``);
    pages without a title are left out, since a preview would have nothing to say.
    """
    pages = {
        url: {"title": preview.title, "summary": preview.summary}
        for url, preview in sorted(previews.items())
        if preview.title
    }
    return {"skip": sorted(set(skip_classes)), "pages": pages}


def preview_index_json(
    previews: Mapping[str, LinkPreview], skip_classes: Iterable[str] = DEFAULT_SKIP_CLASSES
) -> str:
    """The index as JSON. Front-matter text stays data: the script sets it as text only."""
    return json.dumps(preview_index(previews, skip_classes), ensure_ascii=False, indent=0)
