"""The choices the search box offers as filters: the page types and tags pages carry.

Pagefind records each page's type and tags as filters (``marginalia.search.body``); the box
needs to know which values exist and how they read. They are written once per build into a
small JSON file next to the site's other assets, which the box loads with Pagefind's bundle
(from the site itself). Labels are text: the box puts them in ``<option>`` elements as
text, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from marginalia.search.body import is_filter_value
from marginalia.site import PageInfo, SiteIndex

FILTERS_FILE = "assets/marginalia/search-filters.json"


def filter_choices(
    pages: Iterable[PageInfo],
    tag_labels: Mapping[str, str],
    type_labels: Mapping[str, str],
) -> dict[str, list[list[str]]]:
    """``{"type": [[value, label], ...], "tag": [...]}``: every value some page carries,
    types in the order of ``type_labels`` (then alphabetically), tags by label."""
    types: set[str] = set()
    tags: set[str] = set()
    for page in pages:
        if page.type and is_filter_value(page.type):
            types.add(page.type)
        tags.update(tag for tag in page.tags if is_filter_value(tag))
    ordered = [t for t in type_labels if t in types] + sorted(types - set(type_labels))
    return {
        "type": [[t, type_labels.get(t) or t.capitalize()] for t in ordered],
        "tag": sorted(
            ([t, tag_labels.get(t) or t] for t in tags), key=lambda c: (c[1].lower(), c[0])
        ),
    }


def write_filter_choices(site_dir: Path, choices: Mapping[str, list[list[str]]]) -> Path:
    """Write ``choices`` into the built site, in a stable order (the same site, the same
    bytes)."""
    target = site_dir / FILTERS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(choices, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def write_site_filters(site_dir: Path, site: SiteIndex, enabled: bool) -> Path:
    """The box's choices for a whole site, whatever the engine; none when filters are off
    (the box then shows no filter)."""
    choices = (
        filter_choices(site.pages.values(), site.tag_labels, site.type_labels)
        if enabled
        else {"type": [], "tag": []}
    )
    return write_filter_choices(site_dir, choices)
