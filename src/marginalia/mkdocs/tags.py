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

import os
from html import escape
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import AnchorLink

from marginalia.mkdocs.feature import Feature
from marginalia.mkdocs.options import Number, SitePath, TextByName
from marginalia.mkdocs.tagvocabulary import load_vocabulary
from marginalia.sourcetext import read_utf8
from marginalia.tags.sitepages import SiteTags, TagsSetupError
from marginalia.urls import repository_file_url

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

    graph_file = c.Optional(SitePath(file=True, example="graph.json"))
    """Where the graph export is written in the site (e.g. ``graph.json``); unset: none."""


class TagsFeature(Feature):
    """Checks tags against the vocabulary and cross-links pages by tag, citation and link;
    the work is ``SiteTags``' (``marginalia.tags.sitepages``), which knows no engine."""

    options: TagsConfig
    assets = ("tags.css",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.core = SiteTags(self.options, self.site, self.report)
        self.docs_prefix = "docs"

    # -- reading the vocabulary ---------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> None:
        root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.docs_prefix = _relative(config.docs_dir, root)
        if not self.options.vocabulary:
            return None
        path = _relative(self.options.vocabulary, root)
        config.watch.append(self.options.vocabulary)
        try:
            text = read_utf8(self.options.vocabulary, path)
        except ValueError as error:
            raise PluginError(f"tags: {error}") from None
        vocabulary, faults = load_vocabulary(text, path)
        self.core.use_vocabulary(vocabulary, faults, text, path)
        return None

    # -- tag pages ----------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> None:
        exists = lambda src: files.get_file_from_path(src) is not None  # noqa: E731
        for src, markdown in self.core.tag_page_sources(exists):
            files.append(
                File.generated(config, src, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            )
        self.core.know_urls({f.url: f.src_uri for f in files.documentation_pages()})
        return None

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        folder = self.core.folder
        index_file = files.get_file_from_path(f"{folder}/index.md")
        index = index_file.page if index_file else None
        if (
            not self.options.nav
            or self.core.vocabulary is None
            or index is None
            or not index.parent
        ):
            return None
        section = index.parent
        in_nav = set(map(id, nav.pages))
        added = []
        for tag in self.core.nav_tags():
            file = files.get_file_from_path(f"{folder}/{tag.id}.md")
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
        tags = self.core.resolve_page_tags(info, lambda: _source(page), self._path(page))
        if tags is not None and isinstance(page.meta.get("tags"), list):
            page.meta["tags"] = tags
        return None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
        self.core.collect_page(
            html, page.file.src_uri, page.url, lambda: _source(page), self._path(page)
        )
        return None

    def _path(self, page: Page) -> str:
        return f"{self.docs_prefix}/{page.file.src_uri}" if self.docs_prefix else page.file.src_uri

    # -- site-wide ----------------------------------------------------------------------

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        self.core.retitle_passages((p.file.src_uri, p.content or "") for p in pages)
        # The same two entries on every page: thousands of copies would only give the
        # garbage collector more to walk through for the rest of the build.
        headings = self.core.prepare()
        entries = _toc_entries(headings)
        for page in pages:
            if page.content is None:
                continue
            done = self.core.page_content(page.file.src_uri, page.url, page.content, headings)
            page.content = done.content
            _add_to_toc(page, _toc_entries(done.headings))
            if done.crosslinked:
                _add_to_toc(page, entries)
        return None

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        return self.core.crosslinks(output, page.file.src_uri, page.url)

    def on_page_context(
        self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        chips = self.core.chips(page.file.src_uri)
        if chips is not None:
            context["tags"] = [
                SimpleNamespace(name=chip.name, url=chip.url, hidden=False) for chip in chips
            ]
        return None

    def on_post_build(self, config: MkDocsConfig) -> None:
        try:
            self.core.write_graph(config.site_dir)
        except TagsSetupError as error:
            raise PluginError(str(error)) from None
        return None


def _toc_entries(headings: list[tuple[str, str]]) -> list[AnchorLink]:
    """Table-of-contents entries for ``(anchor, title)`` pairs of our own ``<h2>``."""
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
