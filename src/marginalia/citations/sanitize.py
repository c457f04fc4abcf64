"""An allow-list filter for the HTML Pandoc writes from ``.bib`` data.

Pandoc already escapes text, but a field can still carry a hostile address; and whatever a
future Pandoc writes, only these tags, attributes and link schemes reach a page. Text is
re-escaped on the way through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

from marginalia.bibliography.validate import is_safe_url

ALLOWED_TAGS = frozenset(
    {"a", "span", "em", "i", "strong", "b", "sup", "sub", "small", "code", "div", "br"}
)
ALLOWED_ATTRIBUTES = frozenset({"class", "id", "href", "role", "data-cites", "lang"})
_DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "svg"})
# Pandoc writes small caps and similar as inline styles; nothing else is let through.
_SAFE_STYLE = re.compile(
    r"^(?:\s*(?:font-(?:variant|style|weight)|text-decoration|"
    r"vertical-align)\s*:\s*[a-z\- ]+;?)+\s*$"
)


class _Filter(HTMLParser):
    def __init__(
        self, keep_link: Callable[[str], bool], tags: frozenset[str] = ALLOWED_TAGS
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_link = keep_link
        self.tags = tags
        self.out: list[str] = []
        self.open: list[str | None] = []  # the tag written for each open element, or None
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in self.tags:
            if tag != "br":
                self.open.append(None)
            return
        kept = []
        for name, value in attrs:
            value = value or ""
            if name == "href" and not (is_safe_url(value) and self.keep_link(value)):
                self.open.append(None)  # an unsafe link: its text stays, the link goes
                return
            if name in ALLOWED_ATTRIBUTES or (name == "style" and _SAFE_STYLE.match(value)):
                kept.append(f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag != "br":
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and "br" in self.tags and not self.dropping:
            self.out.append("<br>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if tag == "br" or not self.open:
            return
        written = self.open.pop()
        if written:
            self.out.append(f"</{written}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        while self.open:
            written = self.open.pop()
            if written:
                self.out.append(f"</{written}>")
        return "".join(self.out)


def sanitize(fragment: str, keep_link: Callable[[str], bool] = lambda href: True) -> str:
    """``fragment`` with only allowed markup; ``keep_link(href)`` may veto a safe link."""
    parser = _Filter(keep_link)
    parser.feed(fragment)
    parser.close()
    return parser.result()


# A preview sits inside the citation's <span>: phrasing markup only, no links to tab into,
# and no nested <span> (Material's search indexer would stop excluding the preview at the
# first inner </span>, since it matches elements by tag name).
PREVIEW_TAGS = frozenset({"em", "i", "strong", "b", "sup", "sub", "small", "code"})


def preview(fragment: str) -> str:
    """``fragment`` reduced to phrasing markup without links or spans, for a tooltip."""
    parser = _Filter(lambda href: False, PREVIEW_TAGS)
    parser.feed(fragment)
    parser.close()
    return parser.result()


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, white space collapsed."""
    text = re.sub(r"<[^>]+>", "", fragment)
    return " ".join(html.unescape(text).split())
