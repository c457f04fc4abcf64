"""A Python-Markdown extension that finds Pandoc citations and leaves placeholders.

``markdown.Markdown(extensions=["marginalia.citations"])`` is all it needs, so it works the
same under MkDocs, ProperDocs, Zensical or a plain script. Each citation becomes::

    <span class="mg-cite-pending" data-mg-cite="[see @a, p. 3]">[see @a, p. 3]</span>

The raw text, exactly as written, is what Pandoc later formats; whatever resolves the
placeholders (the MkDocs plugin) replaces the whole element. Left unresolved, a reader sees
the citation as it was written.

Being inline processors, they never see code spans, code blocks or raw HTML, and a link's
URL is gone before they run; ``\\@`` is an escaped at sign.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from marginalia.citations.syntax import (
    KEY_RE,
    CitationCluster,
    key_allowed_at,
    matching_bracket,
    parse_bracketed,
    parse_narrative,
)

PENDING_CLASS = "mg-cite-pending"
# Matches the placeholder in the HTML that Python-Markdown serialises (our own markup).
PENDING_RE = re.compile(
    r'<span class="' + PENDING_CLASS + r'[^"]*" data-mg-cite="(?P<raw>[^"]*)"[^>]*>.*?</span>',
    re.DOTALL,
)
_KEY_BEFORE_GAP = re.compile(KEY_RE.pattern + r"[ \t]*\n?[ \t]*$")
_ESCAPED = re.compile(util.STX + r"([0-9]+)" + util.ETX)
_PLACEHOLDER = re.compile(util.INLINE_PLACEHOLDER_PREFIX + r"([0-9]+)" + util.ETX)


# The clusters parsed here, by raw text: whoever resolves the placeholders finds them again
# without parsing twice (module level, bounded: a build parses each page once).
_PARSED: dict[str, CitationCluster] = {}
_KEEP_PARSED = 50_000


def remember(cluster: CitationCluster) -> None:
    if len(_PARSED) >= _KEEP_PARSED:
        _PARSED.clear()
    _PARSED[cluster.raw] = cluster


def parsed(raw: str) -> CitationCluster | None:
    """The cluster a placeholder holding ``raw`` stands for, if this process parsed it."""
    return _PARSED.get(raw)


def _after_narrative_key(data: str, start: int) -> bool:
    tail = data[max(0, start - 200) : start]
    for match in _KEY_BEFORE_GAP.finditer(tail):
        if match.end() == len(tail):
            at = start - len(tail) + match.start()
            return key_allowed_at(data, at) or key_allowed_at(data, at + 1)
    return False


class _CitationProcessor(InlineProcessor):
    # Link text is never searched: a citation inside ``[text](url)`` would nest links.
    ANCESTOR_EXCLUDES = ("a",)

    def _restore(self, text: str) -> str:
        """Markdown source again from text whose escapes and code spans are stashed."""

        def stashed(match: re.Match[str]) -> str:
            stash = self.md.treeprocessors["inline"].stashed_nodes
            node = stash.get(match.group(1))
            if isinstance(node, str):
                return node
            if node is None:
                return match.group(0)
            content = "".join(node.itertext())
            if node.tag == "code":
                ticks = "`" * (max((len(r) for r in re.findall("`+", content)), default=0) + 1)
                return f"{ticks}{content}{ticks}"
            return content

        text = _PLACEHOLDER.sub(stashed, text)
        return _ESCAPED.sub(lambda m: "\\" + chr(int(m.group(1))), text)

    def _element(self, cluster: CitationCluster) -> etree.Element:
        remember(cluster)
        element = etree.Element("span")
        element.set("class", PENDING_CLASS)
        element.set("data-mg-cite", cluster.raw)
        element.text = util.AtomicString(cluster.raw)
        return element


class BracketedCitationProcessor(_CitationProcessor):
    """``[@key]``, ``[see @a, p. 3; -@b]``: a bracket that is not a link."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:
        start = m.start()
        close = matching_bracket(data, start)
        if close < 0 or data[close + 1 : close + 2] in ("(", "["):
            return None, None, None
        cluster = parse_bracketed(self._restore(data[start : close + 1]))
        if cluster is None or _after_narrative_key(data, start):
            return None, None, None  # "@a [-@b]" is one cluster: the narrative pass takes it
        return self._element(cluster), start, close + 1


class NarrativeCitationProcessor(_CitationProcessor):
    """``@key``, ``@key [p. 4]``, ``-@key``: a key standing in the text."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, Any, Any]:
        start = m.start()
        if m.group(0).startswith("-") and not key_allowed_at(data, start):
            start += 1  # "pre-@key": the hyphen is text
        if not key_allowed_at(data, start):
            return None, None, None
        found = parse_narrative(data, start)
        if found is None:
            return None, None, None
        cluster, end = found
        cluster = CitationCluster(self._restore(cluster.raw), cluster.items, narrative=True)
        return self._element(cluster), start, end


class CitationsExtension(Extension):
    """Registers the two processors; no options."""

    def extendMarkdown(self, md: Markdown) -> None:
        if "@" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("@")  # so that ``\@`` is a literal at sign
        # After code spans (190), escapes (180) and footnote references (175), before
        # reference and inline links (170, 160): a bracketed cluster is claimed first.
        md.inlinePatterns.register(
            BracketedCitationProcessor(r"\[(?!\^)", md), "marginalia-citation", 172
        )
        # After links, autolinks, e-mail links and inline HTML (90), so that an address,
        # a URL or an attribute holding "@" is already out of reach.
        md.inlinePatterns.register(
            NarrativeCitationProcessor(r"-?@(?=[\w{])", md), "marginalia-narrative-citation", 85
        )


def makeExtension(**kwargs: Any) -> CitationsExtension:
    return CitationsExtension(**kwargs)
