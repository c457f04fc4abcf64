"""The smaller features over Zensical's HTML: Cite this page, link previews, tag chips,
the edit link of a generated page, and search (Pagefind over the finished site)."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from marginalia.citations.styles import StyleError, resolve_style
from marginalia.citing.sitepages import PLACEHOLDER, SiteCiting, SiteFacts
from marginalia.diagnostics import Diagnostic
from marginalia.navigation import ListedPage, has_marker, place_listing, render_listing
from marginalia.previews import LinkPreview, preview_index_json
from marginalia.search import index_site, last_lines, mark_page_body
from marginalia.tags.scan import link_targets
from marginalia.tags.sitepages import TagChip
from marginalia.urls import relative_url, repository_file_url

if TYPE_CHECKING:
    from marginalia.citations.sitepages import PageRef
    from marginalia.zensical.driver import Driver
    from marginalia.zensical.finish import WrittenPage

PREVIEWS = "assets/marginalia/previews.json"
_FOOTER_LABEL = re.compile(r'(class="md-footer__link[^"]*" aria-label=")([^"]*)"')
_TWICE = re.compile(r"&amp;(lt|gt|amp|quot|#x27|#39);")
_ZENSICAL_TAGS = re.compile(r'<nav class="md-tags"[^>]*>.*?</nav>', re.DOTALL)


class PageCiting:
    """Cite this page over Zensical's pages (``marginalia.citing.sitepages``)."""

    def __init__(self, driver: Driver) -> None:
        self.driver = driver
        project = driver.project
        self.options = project.options.citing
        citations = project.options.citations
        name = self.options.style or citations.style or "apa"
        try:
            style = resolve_style(name, project.root).path
        except StyleError:
            style = resolve_style("apa", project.root).path
        facts = SiteFacts(
            site_url=str(project.raw.get("site_url") or ""),
            site_name=str(project.raw.get("site_name") or ""),
            author=self.options.author,
            language=str((project.raw.get("theme") or {}).get("language") or ""),
        )
        self.site = SiteCiting(facts, style, citations.locale, driver.report)

    def prepare(self, ref: PageRef, title: str, content: str) -> str:
        info = self.driver.site.pages.get(ref.src)
        if info is None or info.type not in set(self.options.page_types):
            return content
        source_file = self.driver.project.docs_dir / ref.src
        try:
            source = source_file.read_text(encoding="utf-8")
        except OSError:
            source = ""
        path = self.driver._path(ref.src)
        self.site.add_page(ref.src, ref.url, info.title, info.meta, path, source)
        return content + "\n" + PLACEHOLDER

    def write(self, output: str, ref: PageRef) -> str:
        return self.site.write(ref.src, output)


def previews(
    driver: Driver, pages: list[WrittenPage], titles: dict[str, str]
) -> dict[str, LinkPreview]:
    found = {}
    for page in pages:
        info = driver.site.pages.get(page.ref.src)
        meta_title = driver.rendered[page.ref.src].meta.get("title")
        title = html.unescape(str(meta_title or titles[page.ref.src] or ""))
        found[page.ref.url] = LinkPreview(title, info.summary if info else "")
    return found


def write_previews(driver: Driver, found: dict[str, LinkPreview]) -> None:
    target = driver.project.site_dir / PREVIEWS
    target.parent.mkdir(parents=True, exist_ok=True)
    skip = driver.project.options.previews.skip_classes
    target.write_text(preview_index_json(found, skip) + "\n", encoding="utf-8")


def chips(output: str, found: list[TagChip] | None, url: str) -> str:
    """Zensical's tag list (plain names) made the links to the tag pages MkDocs shows."""
    if found is None:
        return output
    links = "".join(
        f'<a href="{html.escape(relative_url(chip.url, url))}" class="md-tag">{chip.name}</a>'
        if chip.url is not None
        else f'<span class="md-tag">{chip.name}</span>'
        for chip in found
    )
    return _ZENSICAL_TAGS.sub(lambda m: f'<nav class="md-tags" >{links}</nav>', output, count=1)


def tag_page_edit_link(driver: Driver, output: str, src: str) -> str:
    """A generated tag page is edited where its text is written: the vocabulary."""
    project = driver.project
    origin = driver.site.origins.get(src)
    repo, edit_uri = project.raw.get("repo_url"), project.raw.get("edit_uri")
    if origin is None or not repo or edit_uri is None:
        return output
    staged = repository_file_url(
        repo, edit_uri, project.docs_prefix, f"{project.docs_prefix}/{src}"
    )
    wanted = repository_file_url(repo, edit_uri, project.docs_prefix, origin.path)
    if not staged or not wanted:
        return output
    output = output.replace(f'href="{staged}"', f'href="{wanted}"')
    viewed = staged.replace("/edit/", "/blob/")
    return output.replace(f'href="{viewed}"', f'href="{wanted.replace("/edit/", "/blob/")}"')


def nav_titles(nav: list) -> dict[str, str]:
    """The titles the navigation gives its pages explicitly (``- Home: index.md``)."""
    found: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found[value] = str(title)
                elif isinstance(value, list):
                    found.update(nav_titles(value))
        elif isinstance(item, list):
            found.update(nav_titles(item))
    return found


def top_sections(nav: list, tag_pages: list[str]) -> dict[str, str]:
    """Each page's top-level section title, as search shows beside a result."""
    found: dict[str, str] = {}

    def pages_in(items: list) -> list[str]:
        out = []
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    out.extend([value] if isinstance(value, str) else pages_in(value or []))
        return out

    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    inside = pages_in(value)
                    for src in inside:
                        found[src] = str(title)
                    if any(src.endswith("/index.md") for src in inside):
                        folder = next(s for s in inside if s.endswith("/index.md"))
                        if any(p.startswith(folder[: -len("index.md")]) for p in tag_pages):
                            for src in tag_pages:
                                found.setdefault(src, str(title))
    return found


def mark_for_search(driver: Driver, output: str, src: str, section: str, title: str) -> str | None:
    options = driver.project.options.search
    info = driver.site.pages.get(src)
    filters: list[tuple[str, str]] = []
    if options.filters and info is not None:
        filters += [("type", info.type)] if info.type else []
        filters += [("tag", tag) for tag in info.tags]
    meta = [("section", section)] if section and section != title else []
    marked = mark_page_body(output, body_class=options.body_class, filters=filters, meta=meta)
    if marked is None:
        driver.report(
            Diagnostic(
                driver._path(src),
                None,
                "search.no-page-body",
                f'the built page has no <article class="{options.body_class}">, so '
                "search will not find it",
                "keep the theme's content block in the overrides, or set "
                "`search.body_class` to the class of the page's main element",
            )
        )
    return marked


def index_for_search(driver: Driver, marked: int) -> None:
    options = driver.project.options.search
    run = index_site(
        driver.project.site_dir,
        exclude_selectors=options.exclude_selectors,
        timeout=options.timeout,
    )
    if not run.ok:
        detail = f" ({last_lines(run.output)})" if run.output else ""
        driver.report(
            Diagnostic(
                driver.project.config_path.name,
                None,
                "search.index-failed",
                f"the search index could not be written: {run.problem}{detail}",
                "reinstall the pinned `pagefind[bin]`, or set PAGEFIND_BINARY_PATH to a "
                "Pagefind 1.x binary",
            )
        )
        return
    driver.log(
        f"INFO    -  marginalia: search: Pagefind indexed {run.pages} pages in "
        f"{run.seconds:.2f} s (marked {marked} with data-pagefind-body)"
    )


def footer_labels(output: str) -> str:
    """The previous/next links' labels escaped once: Zensical's footer escapes the page
    titles again, which the driver hands it escaped (front matter is text)."""
    return _FOOTER_LABEL.sub(lambda m: m.group(1) + _TWICE.sub(r"&\1;", m.group(2)) + '"', output)


def section_listing(
    driver: Driver, index: WrittenPage, pages: list[WrittenPage], titles: dict[str, str]
) -> str:
    """The index page of a section the navigation no longer lists in full, with the list of
    its pages it does not already link to (``marginalia.navigation``)."""
    if has_marker(index.content):
        listed = pages
    else:
        linked = link_targets(index.content, index.ref.url)
        listed = [page for page in pages if page.ref.url not in linked]
    entries = []
    for page in listed:
        meta = driver.rendered[page.ref.src].meta
        title = html.unescape(str(meta.get("title") or titles[page.ref.src] or ""))
        summary = meta.get("summary") or meta.get("description") or ""
        summary = " ".join(summary.split()) if isinstance(summary, str) else ""
        entries.append(ListedPage(relative_url(page.ref.url, index.ref.url), title, summary))
    heading = driver.project.options.navigation.listing_heading
    return place_listing(index.content, render_listing(entries, heading) if entries else "")
