"""After Zensical: the core run over the HTML it wrote.

In the order the MkDocs plugin's events come (so every text is the same): each page's
citations and links collected from its content, in MkDocs' page order; then what is
site-wide (Pandoc started, tag listings, the ranking, the backlinks, Cite this page); then
each page completed and written (citations, reference lists, the Bibliography, Related and
Linked from, Cite this page, tag chips, its table of contents, the search markers); last
the files of the whole site (BibTeX downloads, previews, the graph, the maps over their
markers, Pagefind's index, and last the essays' EPUB and PDF, made by the downloads' worker
from each critique's final page while the rest went on).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from marginalia.checks.notice import fault_notice_html, place_notice
from marginalia.citations.sitepages import DEFAULT_BIBLIOGRAPHY_PAGE, PageRef
from marginalia.diagnostics import Diagnostic
from marginalia.downloads.site import Downloads
from marginalia.map.site import SiteMaps
from marginalia.search.filters import write_site_filters
from marginalia.tags.graph import graph_data
from marginalia.tags.sitepages import TagsSetupError
from marginalia.tags.vocabulary import TagVocabulary
from marginalia.zensical import extras
from marginalia.zensical.driver import CONTENT_END, CONTENT_START, Driver
from marginalia.zensical.toc import add_entries, retitle, rewrite, toc_entry

_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


@dataclass
class WrittenPage:
    """A page Zensical wrote: its file, and its HTML cut around the rendered Markdown."""

    ref: PageRef
    path: Path
    before: str
    content: str
    after: str


def output_path(site_dir: Path, url: str) -> Path:
    return site_dir / url / "index.html" if url == "" or url.endswith("/") else site_dir / url


def mkdocs_order(docs_dir: Path, rendered: set[str], generated: list[str]) -> list[str]:
    """The pages in the order MkDocs converts them: the docs folder walked top-down, each
    folder's index first, then the pages features generate, in the order they made them."""
    order: list[str] = []
    for folder, dirs, files in os.walk(docs_dir):
        dirs.sort()
        files.sort(key=lambda f: (os.path.splitext(f)[0] not in ("index", "README"), f))
        relative = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        for name in files:
            src = name if relative == "." else f"{relative}/{name}"
            if src in rendered and src not in generated:
                order.append(src)
    order += [src for src in generated if src in rendered]
    return order + sorted(rendered - set(order))


def finish(
    driver: Driver, generated: list[str], pruned: dict[str, list[str]] | None = None
) -> None:
    project = driver.project
    site_dir = project.site_dir
    order = mkdocs_order(project.docs_dir, set(driver.rendered), generated)
    pages: list[WrittenPage] = []
    for src in order:
        rendered = driver.rendered[src]
        path = output_path(site_dir, rendered.url)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        before, _, rest = text.partition(CONTENT_START)
        content, _, after = rest.partition(CONTENT_END)
        ref = PageRef(src, rendered.url, src in generated)
        pages.append(WrittenPage(ref, path, before, content, after))
    titles = {p.ref.src: page_title(driver, p) for p in pages}

    citations, tags = driver.citations, driver.tags
    if tags is not None:
        tags.know_urls({p.ref.url: p.ref.src for p in pages})
    if citations is not None:  # on_page_content
        if driver.citations_started:
            for page in pages:
                page.content = citations.slot_again(page.content, page.ref)
        else:
            slotted = start_citations(driver, [(p.ref, p.content) for p in pages])
            for page in pages:
                page.content = slotted[page.ref.src]
    for page in pages:
        src = page.ref.src
        if tags is not None:
            source = _reader(project.docs_dir / src)
            tags.collect_page(page.content, src, page.ref.url, source, driver._path(src))

    # on_env
    bib_page = None
    if citations is not None:
        name = project.options.citations.bibliography_page or DEFAULT_BIBLIOGRAPHY_PAGE
        bib_page = next((p for p in pages if p.ref.src == name), None)
        if citations.has_bibliography:
            for page in pages:
                page.content = citations.place_lists(page.content, page.ref)
        else:
            for page in pages:
                page.content = citations.leave_as_written(page.content)
            citations.report_as_written()
    added: dict[str, list[tuple[str, str]]] = {}
    if tags is not None:
        tags.retitle_passages((p.ref.src, p.content) for p in pages)
        headings = tags.prepare()
        for page in pages:
            done = tags.page_content(page.ref.src, page.ref.url, page.content, headings)
            page.content = done.content
            added[page.ref.src] = done.headings
    cite = extras.PageCiting(driver) if driver.enabled("citing") else None
    if cite is not None:
        for page in pages:
            page.content = cite.prepare(page.ref, titles[page.ref.src], page.content)
    by_src = {p.ref.src: p for p in pages}
    for index_src, others in (pruned or {}).items():  # the navigation feature's on_env
        if index_src in by_src:
            index = by_src[index_src]
            listed = [by_src[src] for src in others if src in by_src]
            index.content = extras.section_listing(driver, index, listed, titles)
    previews = extras.previews(driver, pages, titles) if driver.enabled("previews") else None
    sections = extras.top_sections(project.raw.get("nav") or [], driver.nav_tag_pages())

    maps = SiteMaps.from_options(project.options.map) if driver.enabled("map") else None
    downloads = driver.downloads

    # on_post_page
    marked = 0
    bib_ready = citations is not None and citations.has_bibliography
    for page in pages:
        src = page.ref.src
        output = page.before + page.content + page.after
        if bib_ready and citations.needs_filling(output, page.ref):
            output = citations.fill(output, page.ref)
        if citations is not None:
            output = citations.deferred.release(output)
        if tags is not None:
            output = tags.crosslinks(output, src, page.ref.url) or output
            output = extras.chips(output, tags.chips(src), page.ref.url)
            output = extras.tag_page_edit_link(driver, output, src)
        if cite is not None:
            output = cite.write(output, page.ref)
        toc = driver.rendered[src].toc
        add_entries(toc, [toc_entry(anchor, text) for anchor, text in added.get(src, [])])
        if citations is not None and bib_ready:
            titles_in = citations.heading_titles(src)
            retitle(toc, lambda anchor, raw, t=titles_in: _formatted(t, anchor, raw))
        elif citations is not None:
            retitle(toc, lambda anchor, raw: raw)
        output = extras.footer_labels(rewrite(output, toc))
        if maps is not None:
            tag = tags.tag_pages.get(src) if tags is not None else None
            output = maps.mark(output, str(page.path), page.ref.url, tag) or output
        if downloads is not None:
            output = _with_downloads(driver, downloads, output, page)
        if driver.enabled("search"):
            section = sections.get(src, "")
            done = extras.mark_for_search(driver, output, src, section, titles[src])
            if done is not None:
                output, marked = done, marked + 1
        if driver.serving:
            output = _with_notice(driver, output, src)
        page.path.write_text(output, encoding="utf-8")

    # on_post_build
    if bib_ready and citations is not None:
        dest = None
        if bib_page is not None:
            dest = str(page_dest(bib_page.ref.url))
        citations.write_downloads(site_dir, dest)
    if previews is not None:
        extras.write_previews(driver, previews)
    if tags is not None:
        try:
            tags.write_graph(str(site_dir))
        except TagsSetupError as error:
            driver.report(
                Diagnostic(project.config_path.name, None, "build.config", str(error), "")
            )
    if maps is not None:  # the works' labels are known: Pandoc has formatted them
        vocabulary = (tags.vocabulary if tags is not None else None) or TagVocabulary()
        tag_urls = dict(tags.tag_urls) if tags is not None else {}
        maps.write(graph_data(driver.site, vocabulary, tag_urls))
    (site_dir / "search.json").unlink(missing_ok=True)  # Zensical's own, switched off
    if driver.enabled("search"):
        write_site_filters(site_dir, driver.site, project.options.search.filters)
    if driver.enabled("search") and marked:
        extras.index_for_search(driver, marked)
    if downloads is not None:  # the files made while the site was indexed
        downloads.finish()


def _with_downloads(driver: Driver, downloads: Downloads, output: str, page: WrittenPage) -> str:
    """A critique's links under its title; its files made from its final HTML."""
    info = driver.site.pages.get(page.ref.src)
    if info is None or not downloads.wanted(info.type):
        return output
    project = driver.project
    site_url = str(project.raw.get("site_url") or "")
    if site_url:
        page_url = urljoin(site_url if site_url.endswith("/") else site_url + "/", page.ref.url)
    else:
        page_url = page.ref.url
    source = project.docs_dir / page.ref.src
    return downloads.page(
        output,
        driver._path(page.ref.src),
        str(source) if source.is_file() else "",
        str(page.path),
        page.ref.url,
        page_url,
    )


def start_early(driver: Driver, generated: list[str]) -> None:
    """Every page's Markdown is rendered: collect the citations from it and start Pandoc,
    while Zensical goes on writing the pages."""
    order = mkdocs_order(driver.project.docs_dir, set(driver.rendered), generated)
    rendered = [driver.rendered[src] for src in order]
    start_citations(
        driver, [(PageRef(r.src, r.url, r.src in generated), r.content) for r in rendered]
    )


def start_citations(driver: Driver, pages: list[tuple[PageRef, str]]) -> dict[str, str]:
    """Each page's citations numbered in MkDocs' page order (its HTML with their slots, by
    ``src``), then Pandoc started on all of them."""
    citations, project = driver.citations, driver.project
    assert citations is not None
    slotted = {}
    for ref, content in pages:
        path = project.docs_dir / ref.src
        abs_src = str(path) if path.is_file() else None
        slotted[ref.src] = citations.collect_page(content, ref, _reader(path), abs_src)
    if citations.has_bibliography:
        name = project.options.citations.bibliography_page or DEFAULT_BIBLIOGRAPHY_PAGE
        bib = next((ref for ref, _ in pages if ref.src == name), None)
        if bib is None and project.options.citations.bibliography_page:
            citations.report_no_bibliography_page(name)
        citations.begin([ref for ref, _ in pages], bib)
        citations.begin_notes([(ref, slotted[ref.src]) for ref, _ in pages])  # a note style
    driver.citations_started = True
    return slotted


def page_dest(url: str) -> Path:
    """The page's file in the site, relative to it, as MkDocs names it (``dest_uri``)."""
    return Path(url or ".") / "index.html" if url == "" or url.endswith("/") else Path(url)


def page_title(driver: Driver, page: WrittenPage) -> str:
    """As MkDocs gives ``page.title``: the navigation's title, the front matter's, or the
    first heading's text."""
    rendered = driver.rendered[page.ref.src]
    meta_title = rendered.meta.get("title")
    nav_title = extras.nav_titles(driver.project.raw.get("nav") or []).get(page.ref.src)
    if nav_title:
        return nav_title
    if isinstance(meta_title, str) and meta_title:
        return html.escape(meta_title)
    found = _H1.search(page.content)
    if found:
        return _TAG.sub("", _PERMALINK.sub("", found.group(1))).strip()
    return ""


def _with_notice(driver: Driver, output: str, src: str) -> str:
    """Under serve: the faults found in the page, or at its source, at its top."""
    origin = driver.site.origins.get(src)
    path = origin.path if origin else driver._path(src)
    faults = [*driver.page_faults.get(src, []), *(d for d in driver.reported if d.path == path)]
    return place_notice(output, fault_notice_html(path, faults))


def _formatted(titles: dict[str, list[tuple[str, str]]], anchor: str, raw: str) -> str:
    for written, text in titles.get(anchor, ()):
        if html.unescape(written) == raw:
            return html.unescape(text)
    return raw


def _reader(path: Path):
    def read() -> str:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    return read
