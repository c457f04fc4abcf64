"""HTML (and the Markdown of generated tag pages) for everything the tags feature shows.

Every text that comes from front matter or the vocabulary is HTML-escaped here; links are
made relative to the page they appear on, so the site works from any folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from html import escape as _escape

from marginalia.backlinks.context import LinkContext
from marginalia.site import PageInfo, TaggedPassage
from marginalia.tags.related import RelatedPage
from marginalia.tags.vocabulary import Tag, TagVocabulary
from marginalia.urls import relative_url

# The same titles, summaries, labels and relative links recur on thousands of pages: each is
# escaped once (a bounded cache: a long `mkdocs serve` session does not grow it).
escape = lru_cache(maxsize=8192)(_escape)

LISTING_MARKER = "<!-- marginalia:tag-listing {tag} -->"
INDEX_MARKER = "<!-- marginalia:tag-index -->"
# Where a content page's "Related" and "Linked from" go: filled in the finished HTML, so a
# search plugin that reads page.content (Material's) never parses or indexes them.
CROSSLINKS_MARKER = "<!-- marginalia:crosslinks -->"
RELATED_HEADING = ("mg-related", "Related")
LINKED_FROM_HEADING = ("mg-linked-from", "Linked from")
# The index of all tags when a site has none of its own (``docs/tags/index.md``).
INDEX_PAGE = f"---\ntitle: Tags\n---\n\n# Tags\n\n{INDEX_MARKER}\n"


def group_label(page_type: str, labels: Mapping[str, str]) -> str:
    return labels.get(page_type) or page_type.capitalize()


def group_by_type(pages: Iterable, labels: Mapping[str, str], type_of=lambda p: p.type) -> list:
    """``[(type, [items])]`` in the order of ``labels``, then other types alphabetically."""
    groups: dict[str, list] = {}
    for item in pages:
        groups.setdefault(type_of(item) or "", []).append(item)
    order = [t for t in labels if t in groups] + sorted(t for t in groups if t not in labels)
    return [(t, groups[t]) for t in order]


def tag_page_markdown(tag: Tag, vocabulary: TagVocabulary, tag_file: str) -> str:
    """The Markdown of a tag's page: title, description, broader and narrower tags, marker.

    Written as Markdown so that citations in the description go through the same pipeline
    as on any page; the listings are filled in once every page is known.
    """
    lines = [
        "---",
        f"title: {_yaml_string(tag.label)}",
        "---",
        "",
        f"# {_md_text(tag.label)}",
        "",
        _md_without_html(tag.description),
        "",
    ]
    link = lambda t: f"[{_md_text(t.label)}]({tag_file.format(id=t.id)})"  # noqa: E731
    related: list[str] = []
    if tag.parent and tag.parent in vocabulary:
        related.append(f"Broader theme: {link(vocabulary.tags[tag.parent])}")
    children = vocabulary.children(tag.id)
    if children:
        related.append("Narrower themes: " + ", ".join(link(c) for c in children))
    if tag.aliases:
        # Not a code span: a backtick in an alias would end it and let the rest be HTML.
        codes = (f"<code>{_md_text(a)}</code>" for a in tag.aliases)
        related.append("Also written as: " + ", ".join(codes))
    if related:
        lines += ["  \n".join(related), "{ .mg-tag-relations }", ""]
    lines += [LISTING_MARKER.format(tag=tag.id), ""]
    return "\n".join(lines)


def tag_listing_html(
    tag_id: str,
    pages: list[PageInfo],
    passages: list[tuple[PageInfo, TaggedPassage]],
    from_url: str,
    labels: Mapping[str, str],
) -> str:
    """The pages carrying a tag, grouped by type with their summaries, then its passages."""
    out = ['<div class="mg-tag-listing">']
    if not pages and not passages:
        out.append('<p class="mg-empty">No page carries this tag yet.</p>')
    for page_type, members in group_by_type(pages, labels):
        label = escape(group_label(page_type, labels)) if page_type else "Other pages"
        out.append(f'<h2 id="mg-{escape(page_type or "other")}">{label}</h2>')
        out.append('<ul class="mg-tag-pages">')
        for page in sorted(members, key=lambda p: (p.title.lower(), p.src_path)):
            out.append(f"<li>{_page_link(page, from_url)}{_summary(page)}</li>")
        out.append("</ul>")
    if passages:
        out.append('<h2 id="mg-tagged-passages">Tagged passages</h2>')
        out.append('<ul class="mg-tag-passages">')
        for page, passage in passages:
            href = escape(relative_url(page.url, from_url) + "#" + passage.anchor)
            title = escape(passage.title or passage.anchor)
            out.append(
                f'<li><a href="{href}">{title}</a> <span class="mg-where">in '
                f"{escape(page.title)}</span></li>"
            )
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


def tag_index_html(
    vocabulary: TagVocabulary,
    counts: Mapping[str, Mapping[str, int]],
    from_url: str,
    tag_urls: Mapping[str, str],
) -> str:
    """Every tag, nested under its parent, with how many pages of each type carry it."""

    def item(tag: Tag, seen: frozenset[str]) -> str:
        href = escape(relative_url(tag_urls.get(tag.id, ""), from_url))
        numbers = counts.get(tag.id, {})
        text = ", ".join(f"{n} {escape(t)}{'' if n == 1 else 's'}" for t, n in numbers.items() if n)
        html = f'<li><a href="{href}">{escape(tag.label)}</a>'
        html += f' <span class="mg-count">{text or "not used yet"}</span>'
        children = [c for c in vocabulary.children(tag.id) if c.id not in seen]
        if children:
            inner = "".join(item(c, seen | {c.id}) for c in children)
            html += f"<ul>{inner}</ul>"
        return html + "</li>"

    roots = vocabulary.roots()
    rooted = _reachable(vocabulary, roots)
    # Tags caught in a cycle of parents have no root: list them at the top rather than lose them.
    roots += [t for t in vocabulary.tags.values() if t.id not in rooted]
    body = "".join(item(t, frozenset({t.id})) for t in roots)
    return f'<ul class="mg-tag-index">{body}</ul>'


def crosslinks_headings(related: bool, backlinks: bool) -> list[tuple[str, str]]:
    """``(anchor, title)`` of the sections :func:`crosslinks_html` writes, for the page TOC."""
    return [RELATED_HEADING] * related + [LINKED_FROM_HEADING] * backlinks


class CrosslinksWriter:
    """Writes the "Related" and "Linked from" sections of the pages of one build.

    A page listed on many pages is listed the same way on all those of one folder: its link
    and summary, and the reason two pages are related, are made once per build (a writer
    lives for one build, so a title changed under ``mkdocs serve`` is read again).
    """

    def __init__(self, labels: Mapping[str, str], vocabulary: TagVocabulary) -> None:
        self.labels = labels
        self.vocabulary = vocabulary
        self._links: dict[tuple[str, str], str] = {}
        self._summaries: dict[str, str] = {}
        self._reasons: dict[tuple[tuple[str, ...], int], str] = {}

    def html(
        self,
        related: list[RelatedPage] | None,
        linked_from: list[PageInfo] | None,
        from_url: str,
        contexts: Mapping[str, LinkContext] | None = None,
    ) -> str:
        """The sections of the page at ``from_url``; ``None`` leaves one out. ``contexts``
        holds the sentence around the link of each linking page (by ``src_path``)."""
        # Excluded from search (Pagefind reads the built page): every page would otherwise
        # match the titles of its neighbours.
        out = ['<aside class="mg-crosslinks" data-search-exclude>']
        link, summary = self._link, self._summary
        if related is not None:
            out.append('<h2 id="{}">{}</h2>'.format(*RELATED_HEADING))
            if not related:
                out.append('<p class="mg-empty">No related pages yet.</p>')
            for page_type, members in group_by_type(related, self.labels, _type_of_related):
                out.append(f"<h3>{escape(group_label(page_type, self.labels))}</h3>")
                out.append('<ul class="mg-related">')
                for rel in members:
                    out.append(
                        f"<li>{link(rel.page, from_url)} "
                        f'<span class="mg-why">{self._reason(rel)}</span>'
                        f"{summary(rel.page)}</li>"
                    )
                out.append("</ul>")
        if linked_from is not None:
            out.append('<h2 id="{}">{}</h2>'.format(*LINKED_FROM_HEADING))
            if not linked_from:
                out.append('<p class="mg-empty">No page links here yet.</p>')
            else:
                out.append('<ul class="mg-linked-from">')
                contexts = contexts or {}
                out += [
                    f"<li>{link(p, from_url)}{_context(contexts.get(p.src_path))}</li>"
                    for p in linked_from
                ]
                out.append("</ul>")
        out.append("</aside>")
        return "\n".join(out)

    def _link(self, page: PageInfo, from_url: str) -> str:
        # From a directory URL ("a/b/"), a page outside it is reached as from its folder
        # ("a/"), one level further up: one link serves every page of that folder.
        if not from_url.endswith("/") or page.url.startswith(from_url):
            return _page_link(page, from_url)
        folder = from_url[: from_url.rstrip("/").rfind("/") + 1]
        key = (page.src_path, folder)
        found = self._links.get(key)
        if found is None:
            rel = relative_url(page.url, folder)
            href = escape("../" + ("" if rel == "./" else rel))
            title = escape(page.title or page.src_path)
            found = self._links[key] = f'<a href="{href}">{title}</a>'
        return found

    def _summary(self, page: PageInfo) -> str:
        found = self._summaries.get(page.src_path)
        if found is None:
            found = self._summaries[page.src_path] = _summary(page)
        return found

    def _reason(self, rel: RelatedPage) -> str:
        key = (rel.shared_tags, len(rel.shared_keys))
        found = self._reasons.get(key)
        if found is None:
            found = self._reasons[key] = _why(rel, self.vocabulary)
        return found


def _type_of_related(rel: RelatedPage) -> str:
    return rel.page.type


def _why(rel: RelatedPage, vocabulary: TagVocabulary) -> str:
    parts = []
    if rel.shared_tags:
        labels = [vocabulary.tags[t].label if t in vocabulary else t for t in rel.shared_tags]
        parts.append("shares " + ", ".join(escape(label) for label in labels))
    if rel.shared_keys:
        n = len(rel.shared_keys)
        parts.append(f"cites {n} of the same work{'' if n == 1 else 's'}")
    return "; ".join(parts)


def _context(context: LinkContext | None) -> str:
    # Marked for search on its own too: the sentence is the linking page's text, and a page
    # must not be found by what others say about it.
    if context is None:
        return ""
    return f' <span class="mg-context" data-search-exclude>{context.html()}</span>'


def _page_link(page: PageInfo, from_url: str) -> str:
    href = escape(relative_url(page.url, from_url))
    return f'<a href="{href}">{escape(page.title or page.src_path)}</a>'


def _summary(page: PageInfo) -> str:
    return f' <span class="mg-summary">{escape(page.summary)}</span>' if page.summary else ""


def _reachable(vocabulary: TagVocabulary, roots: list[Tag]) -> set[str]:
    seen: set[str] = set()
    stack = [t.id for t in roots]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack += [c.id for c in vocabulary.children(current)]
    return seen


def _md_text(text: str) -> str:
    """Plain text safe inside Markdown: HTML-escaped, Markdown punctuation backslashed."""
    out = escape(text, quote=False)
    for char in "\\`*_[]#!":
        out = out.replace(char, "\\" + char)
    return out


def _md_without_html(markdown: str) -> str:
    """A description's Markdown with its ``<`` as text: emphasis, links and citations
    work, but no tag of raw HTML (the vocabulary is text, like front matter) except a
    bare ``<q>`` and ``</q>``, which mark a quotation (and must be followed by its source)."""
    return _HTML_START.sub("&lt;", markdown)


_HTML_START = re.compile(r"<(?!/?q>)")


def _yaml_string(text: str) -> str:
    # A JSON string is a YAML string: quotes, backslashes, newlines and control characters
    # are all escaped.
    return json.dumps(text, ensure_ascii=False)
