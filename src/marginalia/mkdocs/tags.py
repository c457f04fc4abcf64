"""MkDocs adapter for tags: hands build events to ``marginalia.tags``.

- ``on_config``: read ``data/tags.yml``; every entry is validated by ``TagEntryConfig``
  (``tagvocabulary.py``: MkDocs' typed options, as Material validates ``.authors.yml``); the
  file is watched.
- ``on_files``: a virtual Markdown page per tag (``tags/<id>.md``), so that citations in
  descriptions go through the normal pipeline.
- ``on_page_markdown``: front-matter tags checked, aliases replaced by ids in ``page.meta``
  (before Material's tags or search plugins read them).
- ``on_page_content``: links and tagged passages collected from the rendered HTML.
- ``on_env``: listings and the tag index written into pages; the ranking and backlink indexes
  made; a marker for "Related" and "Linked from" put at the end of each content page, their
  headings added to its table of contents.
- ``on_page_context``: the page's tags handed to Material's tag-chip partial.
- ``on_post_page``: "Related" and "Linked from" written where the marker is, after a search
  plugin reading ``page.content`` (Material's) has indexed the page; Pagefind, which reads
  the built HTML, skips them by their ``data-search-exclude``.
- ``on_post_build``: the graph export.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from html import escape
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import AnchorLink

from marginalia.backlinks.context import BacklinkContexts
from marginalia.diagnostics import Diagnostic
from marginalia.mkdocs.feature import Feature
from marginalia.mkdocs.options import Number, SitePath, TextByName
from marginalia.mkdocs.tagvocabulary import load_vocabulary
from marginalia.site import PageInfo, SourceOrigin, TaggedPassage
from marginalia.sourcetext import read_utf8
from marginalia.tags import graph, locate, related, render, scan
from marginalia.tags.index import TagIndex
from marginalia.tags.vocabulary import Tag, TagVocabulary
from marginalia.urls import repository_file_url

_OWN_HEADING = re.compile(r'<h2 id="(mg-[a-z0-9-]+)">([^<]*)</h2>')

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class TagsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn tags off."""

    vocabulary = c.Optional(c.File(exists=True))
    """The tag vocabulary (YAML), relative to ``mkdocs.yml``. Without one, tags are not
    checked and no tag pages are made; related pages and backlinks still work."""

    folder = SitePath(file=False, example="tags", default="tags")
    """Folder of ``docs/`` that holds the tag pages (``<folder>/<id>.md``, generated unless a
    file of that name exists) and the index of all tags (``<folder>/index.md``)."""

    type_labels = TextByName(
        {"critique": "Critiques", "project": "Projects", "concept": "Concepts"},
        example="critique: Critiques",
    )
    """Heading of each page type's group in listings, in the order groups are shown."""

    nav = c.Type(bool, default=True)
    """List the tag pages in the navigation, after the tag index, in its section."""

    chips = c.Type(bool, default=True)
    """Show a page's tags above its content (Material's tag partial), linking to tag pages."""

    related = c.Type(bool, default=True)
    """Add a "Related" section to every content page."""

    related_limit = Number(int, default=6, minimum=0, hint="0 lists no related page")
    """At most this many related pages per page."""

    related_tag_weight = c.Type((int, float), default=1.0)
    """Score each shared tag adds to a related page."""

    related_citation_weight = c.Type((int, float), default=0.5)
    """Score each shared cited work adds to a related page."""

    backlinks = c.Type(bool, default=True)
    """Add a "Linked from" section to every content page."""

    backlink_context = c.Type(bool, default=True)
    """Show, under each page of "Linked from", the sentence its link sits in."""

    graph_file = c.Optional(SitePath(file=True, example="graph.json"))
    """Where the graph export is written in the site (e.g. ``graph.json``); unset: none."""


class TagsFeature(Feature):
    """Checks tags against the vocabulary and cross-links pages by tag, citation and link."""

    options: TagsConfig
    assets = ("tags.css",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vocabulary: TagVocabulary | None = None
        self.vocabulary_path = ""
        self.vocabulary_text = ""
        self.docs_prefix = "docs"
        self.tag_urls: dict[str, str] = {}  # tag id -> site-relative URL of its page
        self.tag_pages: dict[str, str] = {}  # src_path of a tag page -> tag id
        self.url_to_src: dict[str, str] = {}
        self.ranking = related.RelatedIndex(())
        self.incoming: dict[str, list[PageInfo]] = {}
        self.contexts = BacklinkContexts()
        self.crosslinked: set[str] = set()  # src_paths whose HTML carries the marker
        self.writer = render.CrosslinksWriter({}, TagVocabulary())

    # -- reading the vocabulary ---------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> None:
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.docs_prefix = _relative(config.docs_dir, root)
        self.site.type_labels = dict(self.options.type_labels)
        if not self.options.vocabulary:
            return None
        self.vocabulary_path = _relative(self.options.vocabulary, root)
        config.watch.append(self.options.vocabulary)
        try:
            self.vocabulary_text = read_utf8(self.options.vocabulary, self.vocabulary_path)
        except ValueError as error:
            raise PluginError(f"tags: {error}") from None
        self.vocabulary = self._load(self.vocabulary_text, self.vocabulary_path)
        self.site.tag_labels = {t.id: t.label for t in self.vocabulary.tags.values()}
        return None

    def _load(self, text: str, path: str) -> TagVocabulary:
        vocabulary, faults = load_vocabulary(text, path)
        for fault in faults:
            self.report(fault)
        return vocabulary

    # -- tag pages ----------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> None:
        folder = self.options.folder.strip("/")
        for tag in self.vocabulary.tags.values() if self.vocabulary else ():
            src = f"{folder}/{tag.id}.md"
            self.tag_pages[src] = tag.id
            if files.get_file_from_path(src) is None:
                self.site.origins[src] = self._origin(tag)
                markdown = render.tag_page_markdown(tag, self.vocabulary, "{id}.md")
                files.append(
                    File.generated(
                        config, src, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
                    )
                )
        index = f"{folder}/index.md"
        if self.vocabulary is not None and files.get_file_from_path(index) is None:
            files.append(
                File.generated(
                    config, index, content=render.INDEX_PAGE, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
        self.url_to_src = {f.url: f.src_uri for f in files.documentation_pages()}
        self.tag_urls = {
            tag: files.get_file_from_path(src).url for src, tag in self.tag_pages.items()
        }
        return None

    def _origin(self, tag: Tag) -> SourceOrigin:
        """Where a generated tag page's text was written: its entry in the vocabulary."""
        if tag.description_lines is None:
            return SourceOrigin(self.vocabulary_path, tag.line)
        first, last = tag.description_lines
        text = "\n".join(self.vocabulary_text.splitlines()[first - 1 : last])
        return SourceOrigin(self.vocabulary_path, first, text, first)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        index_file = files.get_file_from_path(f"{self.options.folder.strip('/')}/index.md")
        index = index_file.page if index_file else None
        if not self.options.nav or self.vocabulary is None or index is None or not index.parent:
            return None
        section = index.parent
        in_nav = set(map(id, nav.pages))
        added = []
        for tag in sorted(self.vocabulary.tags.values(), key=lambda t: t.label.lower()):
            file = files.get_file_from_path(f"{self.options.folder.strip('/')}/{tag.id}.md")
            page = file.page if file else None
            if page is None or id(page) in in_nav:
                continue
            # Not read from the front matter yet (which is escaped): the label is text.
            page.title = page.title or Markup(escape(tag.label))
            page.parent = section
            section.children.append(page)
            added.append(page)
        if added:
            # After the last page of the section, so "previous" and "next" walk through them.
            last = max(i for i, p in enumerate(nav.pages) if p.parent is section)
            nav.pages[last + 1 : last + 1] = added
            for before, page, after in zip(
                [None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None], strict=True
            ):
                page.previous_page, page.next_page = before, after
        return None

    # -- per page -----------------------------------------------------------------------

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> None:
        origin = self.site.origins.get(page.file.src_uri)
        if origin is not None and not config.edit_uri_template:
            # A generated tag page is edited where its text is written: the vocabulary.
            page.edit_url = repository_file_url(
                config.repo_url, config.edit_uri, self.docs_prefix, origin.path
            )
        info = self.site.page(page.file.src_uri, page.url)
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
        if isinstance(page.meta.get("tags"), list):
            page.meta["tags"] = resolved + unknown  # aliases become ids; nothing vanishes
        if unknown:
            _, lines = locate.front_matter_tag_lines(_source(page))
            for name in unknown:
                self._report_unknown(self._path(page), lines.get(name), f"tag '{name}'", name)
        return None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
        info = self.site.page(page.file.src_uri, page.url)
        # Links serve the backlinks and the graph export only; without both, skip the scan.
        links = (
            scan.link_targets(html, page.url)
            if self.options.backlinks or self.options.graph_file
            else ()
        )
        for url in links:
            target = self.url_to_src.get(url)
            if target and target != info.src_path:
                info.links_to.add(target)
        if self.options.backlinks and self.options.backlink_context and info.links_to:
            self.contexts.record(info.src_path, html, page.url, self.url_to_src)
        found = scan.tagged_passages(html)
        for passage in found:
            tags = list(passage.tags)
            if self.vocabulary is not None:
                tags = []
                for name in passage.tags:
                    tag_id = self.vocabulary.resolve(name)
                    if tag_id is None:
                        line = locate.passage_tag_line(_source(page), passage.anchor, name)
                        what = f"tag '{name}' on passage #{passage.anchor}"
                        self._report_unknown(self._path(page), line, what, name)
                    elif tag_id not in tags:
                        tags.append(tag_id)
            info.passages.append(
                TaggedPassage(passage.anchor, passage.title, tuple(tags), passage.kind)
            )
        return None

    def _retitle_passages(self, files: Files) -> None:
        # Passages were found before citations were rendered, so a note's title could read
        # "The review is , commissioned…". Their slots now hold a token for each citation's
        # text, which the citations feature turns into that text wherever the title is
        # written (a tag listing) once Pandoc is done: take the titles again.
        for file in files.documentation_pages():
            info = self.site.pages.get(file.src_uri)
            if not info or not info.passages or file.page is None or not file.page.content:
                continue
            titles = {p.anchor: p.title for p in scan.tagged_passages(file.page.content)}
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

    def _path(self, page: Page) -> str:
        return f"{self.docs_prefix}/{page.file.src_uri}" if self.docs_prefix else page.file.src_uri

    # -- site-wide ----------------------------------------------------------------------

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        pages = self.site.pages
        self._retitle_passages(files)
        folder = self.options.folder.strip("/")
        index = TagIndex(p for p in pages.values() if p.src_path not in self.tag_pages)
        self._report_unused(index)

        content = [p for p in pages.values() if p.type and p.src_path not in self.tag_pages]
        if self.options.related:
            self.ranking = related.RelatedIndex(
                content, self.options.related_tag_weight, self.options.related_citation_weight
            )
        if self.options.backlinks:
            # Tag pages link to everything they list; as backlinks they would repeat the chips.
            self.incoming = related.backlinks(
                p for p in pages.values() if not p.src_path.startswith(folder + "/")
            )
        # The same two entries on every page: thousands of copies would only give the
        # garbage collector more to walk through for the rest of the build.
        headings = _toc_entries(
            render.crosslinks_headings(self.options.related, self.options.backlinks)
        )
        labels = self.options.type_labels
        self.writer = render.CrosslinksWriter(labels, self.vocabulary or TagVocabulary())
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            src = file.src_uri
            if src in self.tag_pages:
                tag = self.tag_pages[src]
                listing = render.tag_listing_html(
                    tag, index.pages[tag], index.passages[tag], page.url, labels
                )
                page.content = _place(page.content, render.LISTING_MARKER.format(tag=tag), listing)
                _add_to_toc(page, _toc_entries(_OWN_HEADING.findall(listing)))
            elif src == f"{folder}/index.md" and self.vocabulary is not None:
                counts = {t: index.counts(t, labels) for t in self.vocabulary.tags}
                html = render.tag_index_html(self.vocabulary, counts, page.url, self.tag_urls)
                page.content = _place(page.content, render.INDEX_MARKER, html)
            info = pages.get(src)
            if headings and info and info.type and src not in self.tag_pages:
                page.content += "\n" + render.CROSSLINKS_MARKER
                _add_to_toc(page, headings)
                self.crosslinked.add(src)
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        src = page.file.src_uri
        if src not in self.crosslinked:
            return None
        options = self.options
        html = self.writer.html(
            self.ranking.related(src, options.related_limit) if options.related else None,
            self.incoming.get(src, []) if options.backlinks else None,
            page.url,
            self.contexts.for_target(src),
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

    def on_page_context(
        self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        info = self.site.pages.get(page.file.src_uri)
        if not self.options.chips or self.vocabulary is None or info is None or not info.tags:
            return None
        context["tags"] = [
            # Material's partial writes the name as it is: the label is text, so escaped.
            SimpleNamespace(
                name=Markup(escape(self.vocabulary.tags[t].label)),
                url=self.tag_urls.get(t),
                hidden=False,
            )
            for t in info.tags
            if t in self.vocabulary
        ]
        return None

    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.options.graph_file:
            return None
        data = graph.graph_data(self.site, self.vocabulary or TagVocabulary(), self.tag_urls)
        target = os.path.join(config.site_dir, self.options.graph_file)
        if os.path.isdir(target):
            raise PluginError(
                f"tags: graph_file '{self.options.graph_file}' is a folder of the built site; "
                "name a file, such as 'graph.json'"
            )
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            # Compact: with an indent, json falls back to its slow pure-Python encoder.
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
        return None


def _place(content: str, marker: str, html: str) -> str:
    """Put ``html`` where the page's marker is, or at its end if the page has none."""
    return content.replace(marker, html, 1) if marker in content else content + "\n" + html


def _toc_entries(headings: list[tuple[str, str]]) -> list[AnchorLink]:
    """Table-of-contents entries for ``(anchor, title)`` pairs of our own ``<h2>`` (for
    generated HTML, found with ``_OWN_HEADING``: a pattern over our own markup is safe)."""
    return [AnchorLink(title, anchor, 2) for anchor, title in headings]


def _add_to_toc(page: Page, links: list[AnchorLink]) -> None:
    """List the section headings this feature writes into a page in its table of contents,
    under the page's title when it has one, as Markdown headings would. Entries may be
    shared by many pages: nothing changes a table of contents once it is made."""
    if not links:
        return
    toc = page.toc.items
    parent = toc[0].children if len(toc) == 1 and toc[0].level == 1 else toc
    parent.extend(links)


def _source(page: Page) -> str:
    try:
        return page.file.content_string
    except (OSError, UnicodeDecodeError):
        return ""


def _relative(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    return "" if rel == "." else rel
