"""The marginalia features around a Zensical build: set up before it (the ``.bib`` files, the
vocabulary, the tag pages), called by it for each page it renders (front matter, tags, the
Markdown extensions' faults), and after it over the built HTML (``finish.py``).

Zensical has no plugin API; it renders each page's Markdown by calling
``zensical.markdown.render.render`` in this process, one page at a time. ``PageHook``
wraps that function for the length of one build: it is the one seam this driver uses.
"""

from __future__ import annotations

import html
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from marginalia.annotations.extension import AnnotationsExtension
from marginalia.checks.frontmatter import PageSchema
from marginalia.checks.snippets import SnippetGuard
from marginalia.checks.unsafelinks import UnsafeLinksExtension
from marginalia.citations.extension import CitationsExtension
from marginalia.citations.sitepages import SiteCitations
from marginalia.diagnostics import Diagnostic
from marginalia.downloads.site import Downloads
from marginalia.pageinfo import index_page
from marginalia.site import SiteIndex
from marginalia.tags import render as tag_render
from marginalia.tags.sitepages import SiteTags
from marginalia.zensical.project import Project
from marginalia.zensical.toc import add_entries, toc_entry

# The Markdown Zensical rendered for a page, between these two, in its written HTML.
CONTENT_START = "<!--mg-content-start-->"
CONTENT_END = "<!--mg-content-end-->"

# The features' stylesheets and scripts, in the order the MkDocs plugin links them.
FEATURE_ASSETS = (
    ("pages", ("marginalia.css",)),
    ("citations", ("citations.css", "citations.js", "notes.css")),
    ("tags", ("tags.css",)),
    ("annotations", ("annotations.css", "annotations.js")),
    ("citing", ("citing.css",)),
    ("previews", ("previews.css", "previews.js")),
    ("map", ("map.css",)),
    ("downloads", ("downloads.css",)),
    ("search", ("search.css", "search.js")),
)


@dataclass
class Rendered:
    """What Zensical's renderer gave for one page: its URL, front matter and headings."""

    src: str
    url: str
    meta: dict[str, Any]
    toc: list[dict[str, Any]]
    title: str | None = None
    content: str = ""  # the HTML of its Markdown, as the renderer returned it


@dataclass
class Driver:
    project: Project
    log: Callable[[str], None] = lambda line: print(line, file=sys.stderr)
    site: SiteIndex = field(default_factory=SiteIndex)
    reported: list[Diagnostic] = field(default_factory=list)
    rendered: dict[str, Rendered] = field(default_factory=dict)
    watch: list[str] = field(default_factory=list)
    serving: bool = False  # under serve, each page shows its faults at its top
    page_faults: dict[str, list[Diagnostic]] = field(default_factory=dict)
    # Once as many pages as the staged sources hold are rendered, this starts Pandoc, which
    # then works while Zensical writes the pages (as it works beside MkDocs' templates).
    expected_pages: int | None = None
    on_all_rendered: Callable[[], None] | None = None
    citations_started: bool = False

    def enabled(self, name: str) -> bool:
        return bool(self.project.options.enabled) and bool(
            getattr(self.project.options, name).get("enabled", True)
        )

    def report(self, diagnostic: Diagnostic) -> None:
        """As the MkDocs plugin does: errors as warnings, advisories as information."""
        diagnostic = self.site.relocate(diagnostic)
        self.reported.append(diagnostic)
        level = "WARNING" if diagnostic.severity == "error" else "INFO"
        self.log(f"{level:<8}-  marginalia: {diagnostic.format()}")

    # -- before the build ---------------------------------------------------------------

    def setup(self) -> list[tuple[str, str]]:
        """Read what the features need; the generated pages' ``(src, Markdown)``."""
        project, options = self.project, self.project.options
        self.site.docs_prefix = project.docs_prefix
        pages = options.pages
        self.schema = PageSchema(
            types=tuple(pages.types),
            types_by_folder=dict(pages.types_by_folder),
            site_pages=tuple(pages.site_pages),
            extra_keys=frozenset(pages.extra_keys),
        )
        self.unsafe_links = UnsafeLinksExtension()
        self.snippets = SnippetGuard() if project.has_snippets() else None
        self.citations: SiteCitations | None = None
        self.tags: SiteTags | None = None
        self.extensions: list[Any] = [self.unsafe_links]
        if self.snippets is not None:
            self.extensions.append(self.snippets)
        self.watch = [str(project.config_path), str(project.docs_dir)]
        if self.enabled("citations"):
            self.citations = SiteCitations(options.citations, self.site, self.report, project.root)
            self.watch.extend(self.citations.setup(project.snippet_bases()))
            self.extensions.append(CitationsExtension())
        generated: list[tuple[str, str]] = []
        if self.enabled("tags"):
            self.tags = SiteTags(options.tags, self.site, self.report)
            generated = self._tag_pages()
        self.downloads: Downloads | None = None
        if self.enabled("downloads"):
            self.downloads = Downloads.from_options(
                options.downloads,
                str(project.root),
                str(project.raw.get("site_name") or ""),
                self.report,
            )
        self.annotations = None
        if self.enabled("annotations"):
            self.annotations = AnnotationsExtension(check_quotes=options.annotations.check_quotes)
            self.extensions.append(self.annotations)
        return generated

    def _tag_pages(self) -> list[tuple[str, str]]:
        from marginalia.mkdocs.tagvocabulary import load_vocabulary  # its typed entries
        from marginalia.sourcetext import read_utf8

        assert self.tags is not None
        vocabulary = self.project.options.tags.vocabulary
        if vocabulary:
            path = os.path.relpath(vocabulary, self.project.root).replace(os.sep, "/")
            self.watch.append(str(vocabulary))
            text = read_utf8(vocabulary, path)
            found, faults = load_vocabulary(text, path)
            self.tags.use_vocabulary(found, faults, text, path)
        docs = self.project.docs_dir
        return self.tags.tag_page_sources(lambda src: (docs / src).is_file())

    def assets(self) -> list[str]:
        return [
            name for feature, names in FEATURE_ASSETS if self.enabled(feature) for name in names
        ]

    def nav_tag_pages(self) -> list[str]:
        if self.tags is None or not self.project.options.tags.nav:
            return []
        return [f"{self.tags.folder}/{tag.id}.md" for tag in self.tags.nav_tags()]

    # -- while Zensical renders ---------------------------------------------------------

    def render_page(
        self,
        render: Callable[..., dict],
        content: str,
        path: str,
        url: str,
        metadata: str = "{}",
        title: str | None = None,
        navigation_title: str | None = None,
    ) -> dict:
        src = path.replace(os.sep, "/")
        mark = len(self.reported)
        meta = json.loads(metadata)
        source_file = self.project.docs_dir / src
        source = source_file.read_text(encoding="utf-8") if source_file.is_file() else ""
        info = self.site.page(src, url)
        text = source if source_file.is_file() else None
        index_page(
            info, meta, navigation_title or "", text, self.schema, self._path(src), self.report
        )
        if self.tags is not None:
            resolved = self.tags.resolve_page_tags(info, lambda: source, self._path(src))
            if resolved is not None and isinstance(meta.get("tags"), list):
                meta["tags"] = resolved
        self.unsafe_links.found.clear()
        # Zensical writes the title (navigation, header, <title>) and the description as
        # it gets them: front matter is text, so it gets them escaped.
        out = render(content, path, url, json.dumps(_escaped(meta)), title, navigation_title)
        self._report_markdown_faults(src, source)
        rendered_html = out["content"]
        out["content"] = CONTENT_START + rendered_html + CONTENT_END
        toc = out.get("toc") or []
        if self._crosslinked(src):
            headings = tag_render.crosslinks_headings(
                self.project.options.tags.related, self.project.options.tags.backlinks
            )
            add_entries(toc, [toc_entry(anchor, text) for anchor, text in headings])
        out["toc"] = toc
        self.rendered[src] = Rendered(src, url, meta, toc, out.get("title"), rendered_html)
        self.page_faults[src] = self.reported[mark:]
        if self.on_all_rendered is not None and len(self.rendered) == self.expected_pages:
            start, self.on_all_rendered = self.on_all_rendered, None
            start()
        return out

    def _crosslinked(self, src: str) -> bool:
        info = self.site.pages.get(src)
        return bool(self.tags is not None and info and info.type and src not in self.tags.tag_pages)

    def _report_markdown_faults(self, src: str, source: str) -> None:
        from marginalia.zensical.faults import markdown_faults

        for diagnostic in markdown_faults(self, src, source):
            self.report(diagnostic)

    def _path(self, src: str) -> str:
        prefix = self.project.docs_prefix
        return f"{prefix}/{src}" if prefix else src

    @contextmanager
    def hooked(self) -> Iterator[None]:
        """Zensical's renderer wrapped for one build, with the extensions this driver reads
        each page's findings from added to its Markdown set-up."""
        import zensical.config as zensical_config
        import zensical.markdown.render as zensical_render

        original = zensical_render.render
        extended = False

        def render(*args: Any, **kwargs: Any) -> dict:
            nonlocal extended
            if not extended:
                zensical_config.get_config()["markdown_extensions"].extend(self.extensions)
                extended = True
            return self.render_page(original, *args, **kwargs)

        zensical_render.render = render
        try:
            yield
        finally:
            zensical_render.render = original


def _escaped(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` with its title and description HTML-escaped."""
    return {
        key: html.escape(value)
        if key in ("title", "description") and isinstance(value, str)
        else value
        for key, value in meta.items()
    }
