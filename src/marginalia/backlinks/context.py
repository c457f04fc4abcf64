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
from html import escape, unescape

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
# A tag (closing mark, name, attributes), a comment, or text.
_TOKEN = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>|<!--.*?-->|([^<]+)|<", re.DOTALL)
_CLASS = re.compile(r"""\bclass=["']([^"']*)["']""")
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
    blocks: dict[int, _Block] = {}  # by start: a block with several links is read once
    for match in _LINK.finditer(html):
        target = resolve(match.group(1))
        if target is None or target in found:
            continue
        if bounds is None:
            tags = list(_BLOCK.finditer(html))
            bounds = [b.start() for b in tags]
            ends = [b.end() for b in tags]
        at = bisect.bisect_right(bounds, match.start())
        start = ends[at - 1] if at else 0
        block = blocks.get(start)
        if block is None:
            stop = bounds[at] if at < len(bounds) else len(html)
            block = blocks[start] = _block_text(html[start:stop])
        context = _context_in(block, match.start() - start)
        if context is not None:
            found[target] = context
    return found


@dataclass(frozen=True)
class _Block:
    """The text of one block of HTML, and where the text of each of its links starts and
    ends in it, by the offset of the link's ``<a`` tag in the block."""

    text: str
    links: dict[int, tuple[int, int]]


def _context_in(block: _Block, link_at: int) -> LinkContext | None:
    span = block.links.get(link_at)
    if span is None or not block.text[span[0] : span[1]].strip():
        return None
    sentence = link_sentence(block.text, *span)
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


def _block_text(fragment: str) -> _Block:
    """The text of ``fragment`` (one block) and the spans of its links' texts; a link inside
    skipped text has none.

    A tokenizer over tags and text rather than ``html.parser``: this runs for every block
    holding a link on every page, and a block is one generator's markup (tags closed,
    attributes quoted).
    """
    parts: list[str] = []
    length = 0
    links: dict[int, tuple[int, int]] = {}
    skipping: list[str] = []  # the skipped element's name, and any of the same name inside it
    depth = 0  # <a> elements open from the current link on (1: the link itself)
    link_at = link_start = 0
    for token in _TOKEN.finditer(fragment):
        closing, name, attributes, text = token.group(1, 2, 3, 4)
        if text is not None:
            if not skipping:
                data = unescape(text) if "&" in text else text
                parts.append(data)
                length += len(data)
            continue
        if name is None:
            continue  # a comment, or a "<" that starts no tag
        name = name.lower()
        if name in _VOID or attributes.endswith("/"):
            continue
        if skipping:
            if name == skipping[0]:
                if closing:
                    skipping.pop()
                else:
                    skipping.append(name)
            continue
        if closing:
            if name == "a" and depth:
                depth -= 1
                if not depth:
                    links[link_at] = (link_start, length)
            continue
        if name in ("script", "style") or _is_skipped(attributes):
            skipping.append(name)
            continue
        if name == "a":
            if depth:
                depth += 1
            else:
                depth, link_at, link_start = 1, token.start(), length
    if depth:  # the block ended before the link did: keep what was seen
        links[link_at] = (link_start, length)
    return _Block("".join(parts), links)


def _is_skipped(attributes: str) -> bool:
    if "data-search-exclude" in attributes:
        return True
    found = _CLASS.search(attributes)
    return bool(found and not _SKIPPED_CLASSES.isdisjoint(found.group(1).split()))


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
