"""What one build knows about every page, shared by the capabilities.

Filled while pages render (front matter, citations, links, tagged passages) and read once
all pages are known (related pages, backlinks, "Cited in", the graph export). It is rebuilt
from nothing on every build, so ``mkdocs serve`` never shows stale cross-links.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from marginalia.diagnostics import Diagnostic


@dataclass(frozen=True)
class CitationUse:
    """A work cited on a page, at the anchor of the citing passage."""

    key: str
    anchor: str  # id of the in-text citation element, for "Cited in" links
    section: str | None = None  # id of the nearest heading above it, if any
    section_title: str | None = None


@dataclass(frozen=True)
class TaggedPassage:
    """A section or annotation that carries tags of its own."""

    anchor: str
    title: str
    tags: tuple[str, ...]
    kind: str = "section"  # "section" or "note"


@dataclass
class PageInfo:
    """One page of the site, as the capabilities see it (never MkDocs' ``Page``)."""

    src_path: str  # relative to docs_dir, with forward slashes
    url: str  # site-relative URL, as MkDocs gives it ("essays/reading/")
    title: str = ""
    type: str | None = None  # critique, project, concept, ... (None: not a content page)
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    citations: list[CitationUse] = field(default_factory=list)
    nocite: list[str] = field(default_factory=list)
    links_to: set[str] = field(default_factory=set)  # src_paths of pages linked from here
    passages: list[TaggedPassage] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    @property
    def cited_keys(self) -> list[str]:
        seen: dict[str, None] = {}
        for use in self.citations:
            seen.setdefault(use.key, None)
        return list(seen)


@dataclass(frozen=True)
class ReferenceSummary:
    """A cited work as other features need it: for the graph export and "Related"."""

    key: str
    text: str  # the formatted reference as plain text
    url: str  # site-relative URL of its entry on the Bibliography page ("bibliography/#ref-x")


@dataclass(frozen=True)
class SourceOrigin:
    """Where the text of a generated page was written: a data file a contributor can open.

    A tag page is made from ``data/tags.yml``; a fault on it (an unknown citation key in
    the tag's description) is reported there, never at the generated page, which exists in
    no folder. ``text`` holds the lines the page's own text was taken from, as written,
    starting at ``first_line``, so that a feature can find the exact line of what it reports.
    """

    path: str  # relative to the project root ("data/tags.yml")
    line: int | None  # the line to report at when nothing more precise is known
    text: str = ""
    first_line: int | None = None

    def line_in_text(self, offset: int | None) -> int | None:
        """The file's line for the 1-based line ``offset`` of ``text`` (else ``line``)."""
        if offset is None or self.first_line is None:
            return self.line
        return self.first_line + offset - 1


@dataclass
class SiteIndex:
    """Every page of one build, by ``src_path``."""

    pages: dict[str, PageInfo] = field(default_factory=dict)
    # Filled by the citations feature in on_env: key -> ReferenceSummary, for every work
    # cited anywhere (or listed by nocite), so other features can link to the Bibliography.
    references: dict[str, ReferenceSummary] = field(default_factory=dict)
    # Generated pages (tag pages), by src_path, and the data file each one's text comes from.
    origins: dict[str, SourceOrigin] = field(default_factory=dict)
    docs_prefix: str = "docs"  # docs_dir relative to the project root, as paths are reported
    # How a tag id and a page type read to a reader, filled by the tags feature in on_config
    # (the search box offers them as filters).
    tag_labels: dict[str, str] = field(default_factory=dict)
    type_labels: dict[str, str] = field(default_factory=dict)

    def origin(self, path: str) -> SourceOrigin | None:
        """The origin of the generated page at ``path`` (``docs/tags/x.md`` or ``tags/x.md``)."""
        prefix = self.docs_prefix + "/" if self.docs_prefix else ""
        if prefix and path.startswith(prefix):
            found = self.origins.get(path[len(prefix) :])
            if found is not None:
                return found
        return self.origins.get(path)

    def relocate(self, diagnostic: Diagnostic) -> Diagnostic:
        """A fault reported at a generated page, moved to the data file its text came from."""
        origin = self.origin(diagnostic.path)
        if origin is None:
            return diagnostic
        return replace(diagnostic, path=origin.path, line=origin.line)

    def page(self, src_path: str, url: str = "") -> PageInfo:
        info = self.pages.get(src_path)
        if info is None:
            info = self.pages[src_path] = PageInfo(src_path=src_path, url=url)
        elif url:
            info.url = url
        return info

    def content_pages(self) -> list[PageInfo]:
        return [p for p in self.pages.values() if p.type]

    def by_url(self, url: str) -> PageInfo | None:
        for info in self.pages.values():
            if info.url == url:
                return info
        return None
