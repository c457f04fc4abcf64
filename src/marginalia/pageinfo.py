"""A page's entry in the site index, from its front matter, whatever the engine.

Both adapters (MkDocs' ``on_page_markdown``, the Zensical driver's page hook) hand over the
front matter as their engine read it and the page's source text; what a page's title, type,
summary, tags and nocite keys are is decided here once, so the engines cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from marginalia.checks.frontmatter import FrontMatter, PageSchema, check_front_matter
from marginalia.diagnostics import Diagnostic
from marginalia.site import PageInfo


def index_page(
    info: PageInfo,
    meta: Mapping[str, Any],
    title: str,
    source: str | None,
    schema: PageSchema,
    path: str,
    report: Callable[[Diagnostic], None],
) -> FrontMatter | None:
    """Fill ``info`` from ``meta``; ``title`` is the engine's own when the front matter has
    none. ``source`` is the page's file as written (``None`` for a page a feature made, such
    as a tag page: no file, no front matter to check), checked strictly and its faults
    reported at ``path`` (relative to the project). Returns the check's result, if any."""
    info.meta = dict(meta)
    info.title = str(meta.get("title") or title or "")
    front = None
    if source is not None:
        front = check_front_matter(info.src_path, source, schema, path)
        for diagnostic in front.diagnostics:
            report(diagnostic)
        info.type = front.type
    else:
        declared = meta.get("type")
        info.type = str(declared) if declared in schema.types else None
    summary = meta.get("summary") or meta.get("description") or ""
    info.summary = summary.strip() if isinstance(summary, str) else ""
    tags = meta.get("tags") or []
    info.tags = [str(t) for t in tags] if isinstance(tags, list) else []
    nocite = meta.get("nocite") or []
    info.nocite = [str(k).lstrip("@") for k in nocite] if isinstance(nocite, list) else []
    return front
