"""The quotation rule: a quoted passage from a source always carries its citation.

A quotation is either a blockquote (``> words of the source``) or an inline ``<q>`` element
(``<q>words of the source</q>``). The rule, checked on every page:

* a blockquote contains a citation (``[@key]``, ``@key [p. 3]``, ...) somewhere inside it;
* a paragraph, list item, table cell or heading holding ``<q>`` has a citation after its
  last ``</q>``.

The check runs before inline parsing, so it sees the raw Markdown text whatever the
citations extension later makes of ``[@key]``; code spans and code blocks are ignored.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown.treeprocessors import Treeprocessor

from marginalia.annotations.records import Locator, Problem
from marginalia.annotations.state import StateGetter
from marginalia.annotations.syntax import CODE_SPAN_RE, has_citation

_Q_OPEN_RE = re.compile(r"<q(?:\s[^>]*)?>", re.IGNORECASE)
_Q_CLOSE_RE = re.compile(r"</q\s*>", re.IGNORECASE)
_TEXT_BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"}
_CODE = {"pre", "code"}


def uncited_inline_quote(text: str) -> str | None:
    """The line of raw block text whose ``<q>`` lacks a following citation, or ``None``."""
    plain = CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), text)
    opens = list(_Q_OPEN_RE.finditer(plain))
    if not opens:
        return None
    closes = list(_Q_CLOSE_RE.finditer(plain))
    after = max([opens[-1].end(), *(c.end() for c in closes)])
    if has_citation(plain[after:]):
        return None
    start = plain.rfind("\n", 0, opens[-1].start()) + 1
    end = plain.find("\n", opens[-1].start())
    return text[start : end if end != -1 else len(text)].strip()


class QuoteCheckTreeprocessor(Treeprocessor):
    """Records every quotation without a citation as ``annotations.uncited-quote``."""

    def __init__(self, md: Any, state: StateGetter) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        problems = self.state().problems
        self._walk(root, problems)

    def _walk(self, element: etree.Element, problems: list[Problem]) -> None:
        for child in element:
            if child.tag in _CODE:
                continue
            if child.tag == "blockquote":
                text = "\n".join(_texts(child))
                if text.strip() and not has_citation(text):
                    problems.append(
                        Problem(
                            "annotations.uncited-quote",
                            "quotation without a citation",
                            "cite its source inside the quote, e.g. '> words of the source "
                            "[@key, p. 3]'",
                            Locator("text", _first_line(text)),
                        )
                    )
            if child.tag in _TEXT_BLOCKS and child.text:
                line = uncited_inline_quote(child.text)
                if line is not None:
                    problems.append(
                        Problem(
                            "annotations.uncited-quote",
                            "<q> quotation without a citation after it",
                            "add the citation after the quotation in the same paragraph, "
                            "e.g. '<q>words</q> [@key, p. 3]'",
                            Locator("text", line[:60]),
                        )
                    )
            self._walk(child, problems)


def _texts(element: etree.Element) -> list[str]:
    """Raw text of an element, skipping code."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _CODE:
            parts.extend(_texts(child))
        parts.append(child.tail or "")
    return parts


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:60]
    return ""
