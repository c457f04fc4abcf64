"""The table of contents of a page Zensical has written, made again from its items.

Zensical writes the table of contents from the headings Python-Markdown found; what the
core adds after it ("Related", "Linked from", a tag page's groups) and a citation in a
heading (formatted only once Pandoc is done) are put in its items, and the navigation is
written again with the markup of Zensical's own ``partials/toc.html`` and
``partials/toc-item.html``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from marginalia.citations.extension import PENDING_RE

_SECONDARY = re.compile(r'<nav class="md-nav md-nav--secondary" aria-label="([^"]*)">')
_NAV_TAG = re.compile(r"<nav\b|</nav>")
_TAGS = re.compile(r"<[^>]+>")


def toc_entry(anchor: str, title: str, level: int = 2) -> dict[str, Any]:
    """An item as Zensical's renderer returns one (``title`` is text, ``content`` HTML)."""
    return {
        "title": title,
        "content": escape(title, quote=False),
        "id": anchor,
        "url": f"#{anchor}",
        "children": [],
        "level": level,
    }


def add_entries(toc: list[dict[str, Any]], entries: list[dict[str, Any]]) -> None:
    """Under the page's title when it has one, as Markdown headings would be."""
    if not entries:
        return
    parent = toc[0]["children"] if len(toc) == 1 and toc[0]["level"] == 1 else toc
    parent.extend(entries)


def retitle(toc: list[dict[str, Any]], text_of: Callable[[str, str], str]) -> None:
    """Each citation placeholder in an item's HTML replaced by ``text_of(id, raw)``."""
    for item in toc:
        if "mg-cite-pending" in item["content"]:
            item["content"] = PENDING_RE.sub(
                lambda m, anchor=item["id"]: escape(text_of(anchor, m.group("raw")), quote=False),
                item["content"],
            )
            item["title"] = " ".join(_TAGS.sub("", item["content"]).split())
        retitle(item["children"], text_of)


def rewrite(page_html: str, toc: list[dict[str, Any]]) -> str:
    """Every copy of the page's table of contents written again from ``toc``."""
    out: list[str] = []
    position = 0
    for match in _SECONDARY.finditer(page_html):
        if match.start() < position:
            continue
        end = _closing_nav(page_html, match.end())
        if end is None:
            break
        out.append(page_html[position : match.start()])
        out.append(_nav(toc, match.group(1)))
        position = end
    out.append(page_html[position:])
    return "".join(out)


def _closing_nav(text: str, start: int) -> int | None:
    depth = 1
    for tag in _NAV_TAG.finditer(text, start):
        depth += 1 if tag.group(0) == "<nav" else -1
        if depth == 0:
            return tag.end()
    return None


def _nav(toc: list[dict[str, Any]], label: str) -> str:
    items = toc
    if items and items[0]["level"] == 1:
        items = items[0]["children"]
    body = ""
    if items:
        body = (
            '<label class="md-nav__title" for="__toc">\n'
            '<span class="md-nav__icon md-icon"></span>\n'
            f"{label}\n</label>\n"
            '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>\n'
            + "".join(_item(item) for item in items)
            + "</ul>\n"
        )
    return f'<nav class="md-nav md-nav--secondary" aria-label="{label}">\n{body}</nav>'


def _item(item: dict[str, Any]) -> str:
    children = ""
    if item["children"]:
        name = escape(" ".join(_TAGS.sub("", item["title"]).split()))
        children = (
            f'<nav class="md-nav" aria-label="{name}">\n<ul class="md-nav__list">\n'
            + "".join(_item(child) for child in item["children"])
            + "</ul>\n</nav>\n"
        )
    return (
        '<li class="md-nav__item">\n'
        f'<a href="{escape(item["url"])}" class="md-nav__link">\n'
        '<span class="md-ellipsis">\n<span class="md-typeset">\n'
        f"{item['content']}\n</span>\n</span>\n</a>\n{children}</li>\n"
    )
