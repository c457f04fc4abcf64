"""Mark internal links in rendered HTML with the title and summary of the page they lead to.

The HTML is read with the standard library's parser, so links are found exactly where a
browser would find them (never inside code, comments or attribute values); only the start
tags of the matched links are rewritten, and every other byte is left as it was.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

TITLE_ATTR = "data-preview-title"
SUMMARY_ATTR = "data-preview-summary"

# Links that already have a job of their own: permalinks next to headings, and anything a
# feature has marked up (citations carry their own reference preview).
DEFAULT_SKIP_CLASSES = frozenset({"headerlink", "footnote-ref", "footnote-backref"})


@dataclass(frozen=True)
class LinkPreview:
    """What a reader sees when pointing at a link to a page."""

    title: str
    summary: str = ""


class PreviewTargets:
    """Every page that can be previewed, by its site-relative URL (``"essays/x/"``)."""

    def __init__(self, previews: Mapping[str, LinkPreview]) -> None:
        self._by_url = {_normal(url): preview for url, preview in previews.items()}

    def resolve(self, page_url: str, href: str) -> LinkPreview | None:
        """The preview for ``href`` as written on the page at ``page_url``, if it is another page."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            return None  # external, protocol-relative, or a fragment of this very page
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
        target = posixpath.normpath(posixpath.join("/", base, unquote(parts.path)))
        if parts.path.endswith("/") and not target.endswith("/"):
            target += "/"
        target = _normal(target)
        if target == _normal(page_url):
            return None
        return self._by_url.get(target)


def _normal(url: str) -> str:
    url = url.lstrip("/")
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return url.rstrip("/")


class _StartTags(HTMLParser):
    """Collects the source position and attributes of every ``<a>`` start tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[tuple[int, int], str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            text = self.get_starttag_text() or ""
            self.links.append((self.getpos(), text, dict(attrs)))


def add_link_previews(
    content: str,
    page_url: str,
    targets: PreviewTargets,
    skip_classes: Iterable[str] = DEFAULT_SKIP_CLASSES,
) -> str:
    """``content`` with preview attributes on each link to another known page."""
    parser = _StartTags()
    parser.feed(content)
    parser.close()
    if not parser.links:
        return content
    skip = set(skip_classes)
    line_starts = [0]
    for index, char in enumerate(content):
        if char == "\n":
            line_starts.append(index + 1)

    pieces: list[str] = []
    cursor = 0
    for (line, column), tag_text, attrs in parser.links:
        href = attrs.get("href")
        if not href or TITLE_ATTR in attrs or _has_skipped_class(attrs.get("class"), skip):
            continue
        preview = targets.resolve(page_url, href)
        if preview is None:
            continue
        start = line_starts[line - 1] + column
        end = start + len(tag_text)
        if content[start:end] != tag_text:  # defensive: never rewrite what was not parsed
            continue
        pieces.append(content[cursor:start])
        pieces.append(_with_preview(tag_text, preview))
        cursor = end
    pieces.append(content[cursor:])
    return "".join(pieces)


def _has_skipped_class(value: str | None, skip: set[str]) -> bool:
    return bool(value) and not skip.isdisjoint(value.split())


def _with_preview(tag_text: str, preview: LinkPreview) -> str:
    attributes = f' {TITLE_ATTR}="{html.escape(preview.title, quote=True)}"'
    if preview.summary:
        attributes += f' {SUMMARY_ATTR}="{html.escape(preview.summary, quote=True)}"'
    closing = "/>" if tag_text.endswith("/>") else ">"
    return tag_text[: -len(closing)].rstrip() + attributes + closing
