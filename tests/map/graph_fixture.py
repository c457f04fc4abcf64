"""A small graph in the shape of ``graph.json``, with labels that must be escaped."""

from __future__ import annotations

from typing import Any


def page(path: str, title: str, kind: str | None = "concept") -> dict[str, Any]:
    url = path.removesuffix(".md") + "/"
    return {
        "id": f"page:{path}",
        "path": path,
        "url": url,
        "title": title,
        "type": kind,
        "summary": "",
    }


def graph() -> dict[str, Any]:
    pages = [
        page("essays/a.md", 'An essay <on> power & "care"', "critique"),
        page("concepts/power.md", "Power"),
        page("concepts/care.md", "Care"),
        page("projects/mind.md", "Mind", "project"),
    ]
    tags = [
        {
            "id": "tag:power",
            "tag": "power",
            "label": "Power & <control>",
            "url": "tags/power/",
            "parent": None,
            "aliases": [],
        },
        {
            "id": "tag:care",
            "tag": "care",
            "label": "Care",
            "url": "tags/care/",
            "parent": None,
            "aliases": [],
        },
        {
            "id": "tag:unused",
            "tag": "unused",
            "label": "Unused",
            "url": "tags/unused/",
            "parent": None,
            "aliases": [],
        },
    ]
    refs = [
        {
            "id": "ref:ostrom",
            "key": "ostrom",
            "text": "Ostrom, E. (1996). Crossing the great divide.",
            "url": "bibliography/#ref-ostrom",
        },
        {
            "id": "ref:slay",
            "key": "slay",
            "text": "Slay, J., & Stephens, L. (2013). Co-production <in> mental health.",
            "url": "bibliography/#ref-slay",
        },
        {
            "id": "ref:once",
            "key": "once",
            "text": "Once, A. (2000). Cited once.",
            "url": "bibliography/#ref-once",
        },
    ]
    edges = []
    for p, ts in (
        ("essays/a.md", ["power", "care"]),
        ("concepts/power.md", ["power"]),
        ("concepts/care.md", ["care"]),
        ("projects/mind.md", ["power"]),
    ):
        edges += [{"source": f"page:{p}", "target": f"tag:{t}", "kind": "page-tag"} for t in ts]
    for p, rs in (
        ("essays/a.md", ["ostrom", "slay", "once"]),
        ("concepts/power.md", ["ostrom"]),
        ("projects/mind.md", ["ostrom", "slay"]),
        ("concepts/care.md", ["slay"]),
    ):
        edges += [
            {"source": f"page:{p}", "target": f"ref:{r}", "kind": "page-reference"} for r in rs
        ]
    return {
        "version": 1,
        "pages": pages,
        "tags": tags,
        "passages": [],
        "references": refs,
        "edges": edges,
    }
