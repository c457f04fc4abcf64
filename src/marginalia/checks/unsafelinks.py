"""Links in pages whose address runs code: ``javascript:``, ``vbscript:``, ``data:``.

Python-Markdown writes ``[x](javascript:alert(1))`` as a live link. This extension's
treeprocessor runs once the page's links exist, turns each such link into plain text (a
``<span>`` with the link's content) and records it, so that the adapter reports it at the
page's line; the ``.bib`` URLs are filtered the same way (``bib.unsafe-url``).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop these before they read a scheme: "java\tscript:" still runs.
_IGNORED_BY_BROWSERS = re.compile(r"[\s\x00-\x1f\x7f]+")


def unsafe_scheme(url: str) -> str | None:
    """The scheme of ``url`` if it is one that runs code or carries a document, else None.

    Character references count as the browser reads them: Python-Markdown writes
    ``&#106;avascript:`` into the attribute as it is, and the browser decodes it.
    """
    found = _SCHEME.match(_IGNORED_BY_BROWSERS.sub("", html.unescape(url)).lower())
    return found.group(1) if found and found.group(1) in UNSAFE_SCHEMES else None


@dataclass(frozen=True)
class UnsafeLink:
    """A link of a page that was written as text instead: its address and its text."""

    href: str
    text: str
    scheme: str


class _UnsafeLinksTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, found: list[UnsafeLink]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href")
            scheme = unsafe_scheme(href) if href else None
            if scheme is None:
                continue
            text = " ".join("".join(element.itertext()).split())
            self.found.append(UnsafeLink(href or "", text, scheme))
            element.tag = "span"
            element.attrib.clear()
            element.set("class", "mg-unsafe-link")


class UnsafeLinksExtension(Extension):
    """Collects the unsafe links of the page being converted into ``found`` (the adapter
    empties it before each page)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[UnsafeLink] = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After the inline patterns (20) have made the links, before the table of contents.
        md.treeprocessors.register(
            _UnsafeLinksTreeprocessor(md, self.found), "marginalia_unsafe_links", 6
        )
