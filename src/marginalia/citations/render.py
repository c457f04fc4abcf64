"""Final HTML: in-text citations with previews, a page's References, the Bibliography.

Everything that comes from a ``.bib`` file passes through :func:`sanitize`; everything
this module writes itself is escaped here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from marginalia.bibliography.records import BibEntry
from marginalia.citations.collect import SLOT_RE, TOKEN_MARK, TOKEN_RE, PageCluster
from marginalia.citations.pandoc import RenderResult
from marginalia.citations.sanitize import preview, sanitize
from marginalia.urls import relative_link

REFERENCES_MARKER = "<!-- references -->"
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"
_LINK_TO_REF = re.compile(r'<a href="#ref-([^"]*)" role="doc-biblioref">(.*?)</a>', re.DOTALL)
_CITATION_SPAN = re.compile(r'^<span class="citation" data-cites="([^"]*)">')
_FOOTNOTES = re.compile(r'<div class="footnote">(?!.*<div class="footnote">)', re.DOTALL)


@dataclass(frozen=True)
class Citing:
    """One place that cites a work, for the Bibliography's "Cited in" links."""

    page_title: str
    page_url: str  # site-relative URL of the page
    anchor: str | None  # the first citation on that page, or None (nocite only)
    sections: tuple[tuple[str, str], ...] = ()  # (heading id, heading title)


def reference_html(key: str, pandoc_html: str, entries: Mapping[str, BibEntry]) -> str:
    """A formatted reference, sanitized, with links to unsafe addresses removed."""
    unsafe = entries[key].unsafe_urls if key in entries else ()

    def keep(href: str) -> bool:
        decoded = html.unescape(href)
        return not any(url and url in decoded for url in unsafe)

    return sanitize(pandoc_html, keep_link=keep)


def prepare(result: RenderResult, entries: Mapping[str, BibEntry]) -> RenderResult:
    """Pandoc's output made safe once (then cached): clusters, references, previews."""
    result.clusters = [sanitize(html_) for html_ in result.clusters]
    result.references = {
        key: reference_html(key, text, entries)
        for key, text in result.references.items()
        if key in entries
    }
    result.previews = {key: preview(text) for key, text in result.references.items()}
    return result


def render_cluster(
    page_cluster: PageCluster,
    safe: str,
    previews: Mapping[str, str],
    hold: Callable[[str], str] = str,
) -> str:
    """One in-text citation (sanitized Pandoc HTML): links to the page's References, each
    with a preview of the full reference (passed through ``hold``, which may keep it out
    of the page until it is written)."""
    references = previews
    anchor = page_cluster.anchor
    unresolved = [k for k in page_cluster.cluster.keys if k not in references]
    count = 0

    def link(match: re.Match[str]) -> str:
        nonlocal count
        key, text = html.unescape(match.group(1)), match.group(2)
        if key not in references:
            return f'<span class="mg-cite__unresolved">{text}</span>'
        count += 1
        preview_id = f"{anchor}-p{count}"
        href = html.escape(f"#ref-{key}", quote=True)
        tooltip = hold(
            f'<span class="mg-cite__preview" role="tooltip" id="{preview_id}" '
            f"data-search-exclude>{references[key]}</span>"
        )
        return (
            f'<span class="mg-cite__item"><a class="mg-cite__link" href="{href}" '
            f'aria-describedby="{preview_id}">{text}</a>{tooltip}</span>'
        )

    body = _LINK_TO_REF.sub(link, safe)
    classes = "citation mg-cite" + (" mg-cite--unresolved" if unresolved else "")
    opening = _CITATION_SPAN.match(body)
    if opening:
        body = body[opening.end() :]
        cites = opening.group(1)
        return f'<span class="{classes}" id="{anchor}" data-cites="{cites}">{body}'
    # Pandoc did not read it as a citation (or did not run): show the source text.
    text = body or html.escape(page_cluster.cluster.raw)
    return f'<span class="{classes}" id="{anchor}">{text}</span>'


def fill_slots(
    page_html: str, rendered: Mapping[int, str], texts: Callable[[int], str] | None = None
) -> str:
    """Replace each numbered slot by its rendered citation, and each token of a citation's
    text copied elsewhere (a note's title in a tag listing) by ``texts`` of it (escaped)."""
    html_ = SLOT_RE.sub(lambda m: rendered.get(int(m.group(1)), ""), page_html)
    if texts is None or TOKEN_MARK not in html_:
        return html_
    return TOKEN_RE.sub(lambda m: html.escape(texts(int(m.group(1))), quote=False), html_)


def references_section(
    keys: Sequence[str],
    references: Mapping[str, str],
    bibliography_url: str | None,
    title: str | None,
) -> str:
    """A page's reference list; excluded from search (the Bibliography page is indexed)."""
    items = []
    for key in keys:
        more = ""
        if bibliography_url is not None:
            href = html.escape(f"{bibliography_url}#ref-{key}", quote=True)
            more = (
                f' <a class="mg-references__more" href="{href}" '
                f'aria-label="This work in the Bibliography">↗</a>'
            )
        items.append(_entry_div(key, references[key] + more))
    heading = f"<h2>{html.escape(title)}</h2>\n" if title else ""
    return (
        '<section class="mg-references" id="mg-references" data-search-exclude>\n'
        f"{heading}"
        '<div class="references csl-bib-body hanging-indent" role="list">\n'
        + "\n".join(items)
        + "\n</div>\n</section>"
    )


def _entry_div(key: str, inner: str) -> str:
    return (
        f'<div id="{html.escape("ref-" + key, quote=True)}" class="csl-entry" '
        f'role="listitem">\n{inner}\n</div>'
    )


def place(page_html: str, block: str, marker: str) -> str:
    """Put ``block`` at ``marker`` if the page has one, else at the end (before footnotes)."""
    if marker in page_html:
        return page_html.replace(marker, block, 1).replace(marker, "")
    footnotes = _FOOTNOTES.search(page_html)
    if footnotes:
        return page_html[: footnotes.start()] + block + "\n" + page_html[footnotes.start() :]
    return page_html + "\n" + block


def bibliography_section(
    keys: Iterable[str],
    references: Mapping[str, str],
    entries: Mapping[str, BibEntry],
    citing: Mapping[str, Sequence[Citing]],
    page_url: str,
    bibtex_keys: Callable[[str], Sequence[str]],
    all_bibtex_url: str,
    hold: Callable[[str], str] = str,
) -> str:
    """The site-wide list: every work, its links, its BibTeX and where it is cited (those
    links passed through ``hold``: the works are searchable, the links need not be)."""
    keys = list(keys)
    items = []
    for key in keys:
        # One file holds every entry; citations.js saves just this entry (and the
        # crossref parents it needs) as <key>.bib. Without JavaScript, the whole file.
        needs = html.escape(" ".join(bibtex_keys(key)), quote=True)
        meta = [
            f'<a href="{html.escape(all_bibtex_url, quote=True)}" download '
            f'data-mg-bibtex="{needs}">BibTeX</a>'
        ]
        entry = entries.get(key)
        doi = entry.value("doi") if entry else ""
        if doi and not doi.lower().startswith(("http:", "https:")):
            meta.append(_link("https://doi.org/" + doi, "DOI"))
        url = entry.value("url") if entry and not entry.unsafe_urls else ""
        if url.lower().startswith(("http://", "https://")):
            meta.append(_link(url, "Online"))
        places = [_citing_html(c, page_url) for c in citing.get(key, ())]
        if places:
            meta.append("Cited in " + "; ".join(places))
        inner = references[key] + hold(
            '\n<div class="mg-bibliography__meta" data-search-exclude>'
            + " · ".join(meta)
            + "</div>"
        )
        items.append(_entry_div(key, inner))
    count = len(keys)
    summary = (
        f'<p class="mg-bibliography__download"><a href="{html.escape(all_bibtex_url)}" download>'
        f"Download all {count} {'work' if count == 1 else 'works'} as BibTeX</a></p>\n"
        if count
        else '<p class="mg-bibliography__empty">No work is cited yet.</p>\n'
    )
    return (
        f'<div class="mg-bibliography">\n{summary}'
        '<div class="references csl-bib-body hanging-indent" role="list">\n'
        + "\n".join(items)
        + "\n</div>\n</div>"
    )


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'


def _citing_html(citing: Citing, from_url: str) -> str:
    target = citing.page_url + (f"#{citing.anchor}" if citing.anchor else "")
    page = _link(relative_link(target, from_url), citing.page_title or citing.page_url)
    sections = [
        _link(relative_link(f"{citing.page_url}#{sid}", from_url), title or sid)
        for sid, title in citing.sections
    ]
    return page + (f" ({', '.join(sections)})" if sections else "")
