"""The site as a graph, for other tools: pages, tags, passages, references and their edges.

The shape is documented in the README ("Adding a tag"); ``GRAPH_VERSION`` changes whenever
it changes incompatibly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marginalia.site import SiteIndex
from marginalia.tags.vocabulary import TagVocabulary

GRAPH_VERSION = 1


def graph_data(
    site: SiteIndex, vocabulary: TagVocabulary, tag_urls: Mapping[str, str]
) -> dict[str, Any]:
    """Nodes and edges of one build. Node ids are namespaced: ``page:``, ``tag:``,
    ``passage:`` (``page:essays/x.md#anchor``) and ``ref:``."""
    pages = sorted(site.pages.values(), key=lambda p: p.src_path)
    nodes_pages = [
        {
            "id": f"page:{p.src_path}",
            "path": p.src_path,
            "url": p.url,
            "title": p.title,
            "type": p.type,
            "summary": p.summary,
        }
        for p in pages
    ]
    nodes_tags = [
        {
            "id": f"tag:{t.id}",
            "tag": t.id,
            "label": t.label,
            "url": tag_urls.get(t.id),
            "parent": f"tag:{t.parent}" if t.parent in vocabulary else None,
            "aliases": list(t.aliases),
        }
        for t in sorted(vocabulary.tags.values(), key=lambda t: t.id)
    ]
    nodes_refs = [
        {"id": f"ref:{r.key}", "key": r.key, "text": r.text, "url": r.url}
        for r in sorted(site.references.values(), key=lambda r: r.key)
    ]
    passages: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []
    known = {p.src_path for p in pages}
    for page in pages:
        node = f"page:{page.src_path}"
        edges += [{"source": node, "target": f"tag:{t}", "kind": "page-tag"} for t in page.tags]
        for key in page.cited_keys:
            if key not in site.references:  # an unknown key: the citations feature reports it
                continue
            edges.append({"source": node, "target": f"ref:{key}", "kind": "page-reference"})
        for target in sorted(page.links_to):
            if target in known and target != page.src_path:
                edges.append({"source": node, "target": f"page:{target}", "kind": "page-page"})
        for passage in page.passages:
            pid = f"passage:{page.src_path}#{passage.anchor}"
            passages.append(
                {
                    "id": pid,
                    "page": node,
                    "anchor": passage.anchor,
                    "url": f"{page.url}#{passage.anchor}",
                    "title": passage.title,
                    "kind": passage.kind,
                }
            )
            edges += [
                {"source": pid, "target": f"tag:{t}", "kind": "passage-tag"} for t in passage.tags
            ]
    return {
        "version": GRAPH_VERSION,
        "pages": nodes_pages,
        "tags": nodes_tags,
        "passages": passages,
        "references": nodes_refs,
        "edges": edges,
    }
