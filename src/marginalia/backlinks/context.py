""" "Linked from, in context": the sentence around each link from one page to another.

Read from the HTML Python-Markdown wrote for the linking page (never from its Markdown, so a
link or a citation inside code stays code). The links are found with the same cheap pattern
as ``marginalia.tags.scan``; only the block holding a link (the text between the block tags
around it: a paragraph, a list item, a table cell) is parsed, with a real HTML parser, to
get its text and where the link's text sits in it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from marginalia.backlinks.sentence import LinkSentence, link_sentence
from marginalia.tags.scan import page_folder, site_url_of

# Tags that start or end a block of text: a sentence never runs across one.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|caption|dd|details|div|dl|dt|figcaption|figure|"
    "footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|"
    "thead|tr|ul|br"
)
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^>]*>", re.IGNORECASE)
_LINK = re.compile(r"<a\s[^>]*?\bhref=\"([^\"]*)\"")
# Inside a block, text that is not part of the sentence a reader reads: permalinks and note
# back links (both ``headerlink``), a note's number (``mg-ref``), citations still waiting for
# Pandoc (their raw ``[@key]``), footnote numbers, anything kept out of search.
_SKIPPED_CLASSES = frozenset(
    ["headerlink", "mg-ref", "mg-cite-pending", "mg-cite-slot", "footnote-ref", "mg-note__head"]
)
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,;:.!?)])")
_VOID = frozenset(["area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"])


@dataclass(frozen=True)
class LinkContext:
    """The sentence around a link, as text; :meth:`html` marks the link's part."""

    sentence: LinkSentence

    def html(self) -> str:
        s = self.sentence
        return f"{escape(s.before)}<mark>{escape(s.link)}</mark>{escape(s.after)}"


def link_contexts(html: str, resolve: Callable[[str], str | None]) -> dict[str, LinkContext]:
    """For each page ``html`` links to, the sentence around its first link there.

    ``resolve`` turns an ``href`` into the linked page's key (its ``src_path``), or ``None``
    for links to other hosts, anchors of the same page and files that are not pages. A link
    whose text is empty (an image) or that sits in skipped text has no context.
    """
    found: dict[str, LinkContext] = {}
    bounds: list[int] | None = None  # block tag positions, found once a link needs them
    ends: list[int] = []
    for match in _LINK.finditer(html):
        target = resolve(match.group(1))
        if target is None or target in found:
            continue
        if bounds is None:
            blocks = list(_BLOCK.finditer(html))
            bounds = [b.start() for b in blocks]
            ends = [b.end() for b in blocks]
        at = bisect.bisect_right(bounds, match.start())
        start = ends[at - 1] if at else 0
        stop = bounds[at] if at < len(bounds) else len(html)
        context = _context_in(html[start:stop], match.start() - start)
        if context is not None:
            found[target] = context
    return found


def _context_in(fragment: str, link_at: int) -> LinkContext | None:
    parser = _BlockText(link_at)
    parser.feed(fragment)
    parser.close()
    if parser.link_start is None or parser.link_end is None:
        return None
    text = "".join(parser.text)
    if not text[parser.link_start : parser.link_end].strip():
        return None
    sentence = link_sentence(text, parser.link_start, parser.link_end)
    if not (sentence.before.strip() or sentence.after.strip()):
        return None  # a link alone in its block (an index list): its title says it all
    # A citation left out leaves its spaces behind ("Ostrom ;"): punctuation closes up.
    return LinkContext(
        LinkSentence(
            _SPACE_BEFORE_PUNCTUATION.sub(r"\1", sentence.before),
            sentence.link,
            _SPACE_BEFORE_PUNCTUATION.sub(r"\1", sentence.after),
        )
    )


class _BlockText(HTMLParser):
    """The text of one block, and where the text of the link starting at ``link_at`` (an
    offset into the fed fragment) starts and ends in it."""

    def __init__(self, link_at: int) -> None:
        super().__init__(convert_charrefs=True)
        self.link_at = link_at
        self.text: list[str] = []
        self.length = 0
        self.link_start: int | None = None
        self.link_end: int | None = None
        self._link_depth = 0  # <a> elements open inside the link (none in valid HTML)
        self._skip = 0  # depth inside a skipped element
        self._in_link = False

    def _offset(self) -> int:
        # The parser's position in the fragment, from its (line, column).
        line, column = self.getpos()
        if line == 1:
            return column
        return self._line_starts[line - 1] + column

    def feed(self, data: str) -> None:
        self._line_starts = [0] + [i + 1 for i, c in enumerate(data) if c == "\n"]
        super().feed(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        if self._skip:
            self._skip += 1
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if (
            classes & _SKIPPED_CLASSES
            or "data-search-exclude" in values
            or tag
            in (
                "script",
                "style",
            )
        ):
            self._skip = 1
            return
        if tag == "a":
            if self._in_link:
                self._link_depth += 1
            elif self.link_start is None and self._offset() == self.link_at:
                self._in_link = True
                self.link_start = self.length

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._skip:
            self._skip -= 1
            return
        if tag == "a" and self._in_link:
            if self._link_depth:
                self._link_depth -= 1
            else:
                self._in_link = False
                self.link_end = self.length

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        self.length += len(data)

    def close(self) -> None:
        super().close()
        if self._in_link:  # the block ended before the link did: keep what was seen
            self.link_end = self.length


class BacklinkContexts:
    """The sentences of one build's links, by linked page, then by linking page.

    Filled page by page as each is converted (:meth:`record`), read when each page's
    "Linked from" is written (:meth:`for_target`). One per build: nothing is kept across
    ``mkdocs serve`` rebuilds, so an edited sentence is read again.
    """

    def __init__(self) -> None:
        self._by_target: dict[str, dict[str, LinkContext]] = {}

    def record(self, source: str, html: str, page_url: str, url_to_src: Mapping[str, str]) -> None:
        """Read the links of the page ``source`` (at site URL ``page_url``) from its
        ``html``; ``url_to_src`` maps the site's page URLs to their ``src_path``."""
        base_dir = page_folder(page_url)

        def resolve(href: str) -> str | None:
            url = site_url_of(href, base_dir)
            target = url_to_src.get(url) if url is not None else None
            return target if target != source else None

        for target, context in link_contexts(html, resolve).items():
            self._by_target.setdefault(target, {})[source] = context

    def for_target(self, target: str) -> Mapping[str, LinkContext]:
        """``{linking src_path: context}`` for the page ``target``."""
        return self._by_target.get(target, {})
