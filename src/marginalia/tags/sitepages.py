"""Tags over a whole site, for any engine: the vocabulary, a generated page per tag, each
page's tags checked and its links and tagged passages collected from its HTML, the tag
listings, "Related" and "Linked from", the tag chips and the graph export.

An engine adapter (``marginalia.mkdocs.tags``, the Zensical driver) hands pages to
``SiteTags`` by their path in ``docs/`` and URL, with HTML strings; table-of-contents
entries come back as ``(anchor, title)`` pairs for the adapter to add in its own model.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from markupsafe import Markup

from marginalia.diagnostics import Diagnostic
from marginalia.site import PageInfo, SiteIndex, SourceOrigin, TaggedPassage
from marginalia.tags import graph, locate, related, render, scan
from marginalia.tags.index import TagIndex
from marginalia.tags.vocabulary import Tag, TagVocabulary

# An ``<h2>`` this feature writes itself: a pattern over our own markup is safe.
OWN_HEADING = re.compile(r'<h2 id="(mg-[a-z0-9-]+)">([^<]*)</h2>')


class TagsSetupError(Exception):
    """A setting that stops the build (a graph file that names a folder of the site)."""


@dataclass(frozen=True)
class TagChip:
    """A tag shown above a page's content: its label (escaped) and its page's URL."""

    name: Markup
    url: str | None


@dataclass(frozen=True)
class PageTags:
    """What ``SiteTags.page_content`` did to one page: its HTML, the headings it added (for
    the table of contents), and whether "Related" and "Linked from" go at its end."""

    content: str
    headings: list[tuple[str, str]]
    crosslinked: bool


class SiteTags:
    """Checks tags against the vocabulary and cross-links pages by tag, citation and link."""

    def __init__(self, options: Any, site: SiteIndex, report: Callable[[Diagnostic], None]):
        self.options = options
        self.site = site
        self.report = report
        self.vocabulary: TagVocabulary | None = None
        self.vocabulary_path = ""
        self.vocabulary_text = ""
        self.tag_urls: dict[str, str] = {}  # tag id -> site-relative URL of its page
        self.tag_pages: dict[str, str] = {}  # src_path of a tag page -> tag id
        self.url_to_src: dict[str, str] = {}
        self.ranking = related.RelatedIndex(())
        self.incoming: dict[str, list[PageInfo]] = {}
        self.crosslinked: set[str] = set()  # src_paths whose HTML carries the marker
        self.writer = render.CrosslinksWriter({}, TagVocabulary())
        self.index = TagIndex(())

    @property
    def folder(self) -> str:
        return self.options.folder.strip("/")

    # -- reading the vocabulary ---------------------------------------------------------

    def use_vocabulary(
        self, vocabulary: TagVocabulary, faults: Iterable[Diagnostic], text: str, path: str
    ) -> None:
        self.vocabulary, self.vocabulary_text, self.vocabulary_path = vocabulary, text, path
        for fault in faults:
            self.report(fault)

    # -- tag pages ----------------------------------------------------------------------

    def tag_page_sources(self, exists: Callable[[str], bool]) -> list[tuple[str, str]]:
        """``(src, Markdown)`` of every tag page and the tag index a site lacks."""
        made: list[tuple[str, str]] = []
        for tag in self.vocabulary.tags.values() if self.vocabulary else ():
            src = f"{self.folder}/{tag.id}.md"
            self.tag_pages[src] = tag.id
            if not exists(src):
                self.site.origins[src] = self._origin(tag)
                made.append((src, render.tag_page_markdown(tag, self.vocabulary, "{id}.md")))
        index = f"{self.folder}/index.md"
        if self.vocabulary is not None and not exists(index):
            made.append((index, render.INDEX_PAGE))
        return made

    def know_urls(self, url_to_src: Mapping[str, str]) -> None:
        """Every page's URL, once the engine has given them (links are collected by it)."""
        self.url_to_src = dict(url_to_src)
        src_to_url = {src: url for url, src in self.url_to_src.items()}
        self.tag_urls = {tag: src_to_url[src] for src, tag in self.tag_pages.items()}

    def _origin(self, tag: Tag) -> SourceOrigin:
        """Where a generated tag page's text was written: its entry in the vocabulary."""
        if tag.description_lines is None:
            return SourceOrigin(self.vocabulary_path, tag.line)
        first, last = tag.description_lines
        text = "\n".join(self.vocabulary_text.splitlines()[first - 1 : last])
        return SourceOrigin(self.vocabulary_path, first, text, first)

    def nav_tags(self) -> list[Tag]:
        """The tags in the order their pages follow the tag index in the navigation."""
        if self.vocabulary is None:
            return []
        return sorted(self.vocabulary.tags.values(), key=lambda t: t.label.lower())

    # -- per page -----------------------------------------------------------------------

    def resolve_page_tags(
        self, info: PageInfo, source: Callable[[], str], path: str
    ) -> list[str] | None:
        """The page's front-matter tags with aliases replaced by ids, unknown ones kept
        last and reported; ``None`` when there is nothing to resolve."""
        if self.vocabulary is None or not info.tags:
            return None
        resolved: list[str] = []
        unknown: list[str] = []
        for name in info.tags:
            tag_id = self.vocabulary.resolve(name)
            if tag_id is None:
                unknown.append(name)
            elif tag_id not in resolved:
                resolved.append(tag_id)
        info.tags = resolved
        if unknown:
            _, lines = locate.front_matter_tag_lines(source())
            for name in unknown:
                self._report_unknown(path, lines.get(name), f"tag '{name}'", name)
        return resolved + unknown  # aliases become ids; nothing vanishes

    def collect_page(
        self, html: str, src: str, url: str, source: Callable[[], str], path: str
    ) -> None:
        info = self.site.page(src, url)
        # Links serve the backlinks and the graph export only; without both, skip the scan.
        links = (
            scan.link_targets(html, url)
            if self.options.backlinks or self.options.graph_file
            else ()
        )
        for target_url in links:
            target = self.url_to_src.get(target_url)
            if target and target != info.src_path:
                info.links_to.add(target)
        for passage in scan.tagged_passages(html):
            tags = list(passage.tags)
            if self.vocabulary is not None:
                tags = []
                for name in passage.tags:
                    tag_id = self.vocabulary.resolve(name)
                    if tag_id is None:
                        line = locate.passage_tag_line(source(), passage.anchor, name)
                        what = f"tag '{name}' on passage #{passage.anchor}"
                        self._report_unknown(path, line, what, name)
                    elif tag_id not in tags:
                        tags.append(tag_id)
            info.passages.append(
                TaggedPassage(passage.anchor, passage.title, tuple(tags), passage.kind)
            )

    def retitle_passages(self, contents: Iterable[tuple[str, str]]) -> None:
        """Passages were found before citations were rendered, so a note's title could read
        "The review is , commissioned…". Their slots now hold a token for each citation's
        text, which the citations feature turns into that text wherever the title is
        written (a tag listing) once Pandoc is done: take the titles again from each
        ``(src, content)``."""
        for src, content in contents:
            info = self.site.pages.get(src)
            if not info or not info.passages or not content:
                continue
            titles = {p.anchor: p.title for p in scan.tagged_passages(content)}
            info.passages = [
                replace(p, title=titles.get(p.anchor) or p.title) for p in info.passages
            ]

    def _report_unknown(self, path: str, line: int | None, what: str, name: str) -> None:
        assert self.vocabulary is not None
        hint = self.vocabulary.suggest(name)
        fix = (
            f"did you mean {hint}?"
            if hint
            else f"use a tag from {self.vocabulary_path} or add it there"
        )
        self.report(
            Diagnostic(path, line, "tags.unknown", f"{what} is not in {self.vocabulary_path}", fix)
        )

    # -- site-wide ----------------------------------------------------------------------

    def prepare(self) -> list[tuple[str, str]]:
        """The tag index, the ranking and the backlinks, once every page is known; the
        headings "Related" and "Linked from" add to each content page."""
        pages = self.site.pages
        self.index = TagIndex(p for p in pages.values() if p.src_path not in self.tag_pages)
        self._report_unused(self.index)
        content = [p for p in pages.values() if p.type and p.src_path not in self.tag_pages]
        if self.options.related:
            self.ranking = related.RelatedIndex(
                content, self.options.related_tag_weight, self.options.related_citation_weight
            )
        if self.options.backlinks:
            # Tag pages link to everything they list; as backlinks they would repeat the chips.
            self.incoming = related.backlinks(
                p for p in pages.values() if not p.src_path.startswith(self.folder + "/")
            )
        self.writer = render.CrosslinksWriter(
            self.options.type_labels, self.vocabulary or TagVocabulary()
        )
        self.crosslinked = set()
        return render.crosslinks_headings(self.options.related, self.options.backlinks)

    def page_content(
        self, src: str, url: str, content: str, headings: list[tuple[str, str]]
    ) -> PageTags:
        """A page's HTML with its tag listing or the tag index, and the crosslinks marker."""
        labels = self.options.type_labels
        added: list[tuple[str, str]] = []
        if src in self.tag_pages:
            tag = self.tag_pages[src]
            listing = render.tag_listing_html(
                tag, self.index.pages[tag], self.index.passages[tag], url, labels
            )
            content = place(content, render.LISTING_MARKER.format(tag=tag), listing)
            added = OWN_HEADING.findall(listing)
        elif src == f"{self.folder}/index.md" and self.vocabulary is not None:
            counts = {t: self.index.counts(t, labels) for t in self.vocabulary.tags}
            html = render.tag_index_html(self.vocabulary, counts, url, self.tag_urls)
            content = place(content, render.INDEX_MARKER, html)
        info = self.site.pages.get(src)
        crosslinked = bool(headings and info and info.type and src not in self.tag_pages)
        if crosslinked:
            content += "\n" + render.CROSSLINKS_MARKER
            self.crosslinked.add(src)
        return PageTags(content, added, crosslinked)

    def crosslinks(self, output: str, src: str, url: str) -> str | None:
        """``output`` with "Related" and "Linked from" where the marker is."""
        if src not in self.crosslinked:
            return None
        options = self.options
        html = self.writer.html(
            self.ranking.related(src, options.related_limit) if options.related else None,
            self.incoming.get(src, []) if options.backlinks else None,
            url,
        )
        # The last marker is ours: one the page's own HTML might hold comes before it.
        before, marker, after = output.rpartition(render.CROSSLINKS_MARKER)
        return before + html + after if marker else None

    def _report_unused(self, index: TagIndex) -> None:
        if self.vocabulary is None:
            return
        for tag in self.vocabulary.tags.values():
            if not index.used(tag.id):
                self.report(
                    Diagnostic(
                        self.vocabulary_path,
                        tag.line,
                        "tags.unused",
                        f"tag '{tag.id}' is used by no page or passage",
                        "tag a page with it, or remove it",
                        "advisory",
                    )
                )

    def chips(self, src: str) -> list[TagChip] | None:
        info = self.site.pages.get(src)
        if not self.options.chips or self.vocabulary is None or info is None or not info.tags:
            return None
        return [
            # Material's partial writes the name as it is: the label is text, so escaped.
            TagChip(Markup(escape(self.vocabulary.tags[t].label)), self.tag_urls.get(t))
            for t in info.tags
            if t in self.vocabulary
        ]

    def write_graph(self, site_dir: str) -> None:
        if not self.options.graph_file:
            return
        data = graph.graph_data(self.site, self.vocabulary or TagVocabulary(), self.tag_urls)
        target = os.path.join(site_dir, self.options.graph_file)
        if os.path.isdir(target):
            raise TagsSetupError(
                f"tags: graph_file '{self.options.graph_file}' is a folder of the built site; "
                "name a file, such as 'graph.json'"
            )
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            # Compact: with an indent, json falls back to its slow pure-Python encoder.
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))


def place(content: str, marker: str, html: str) -> str:
    """Put ``html`` where the page's marker is, or at its end if the page has none."""
    return content.replace(marker, html, 1) if marker in content else content + "\n" + html
