"""Internal links and anchors, checked on the built HTML of the whole site.

Checking the rendered pages rather than the Markdown catches the links the publisher writes
itself (citations, "Cited in", tag pages, Related, margin notes) as well as the contributors'.
Each page is parsed once with lxml (C speed), keeping only its ids and the targets of its
links; every link is then resolved against a set of the site's files and a dict of ids, so
the cost grows with the number of links, never with pages × pages.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import lxml.html

from marginalia.checks.locate import locate_link
from marginalia.diagnostics import Diagnostic, closest

_TARGETS = "//a/@href | //img/@src | //script/@src | //link[@rel='stylesheet']/@href"
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Fragments a browser always understands (HTML: "#top" scrolls to the top of the page).
_ALWAYS_VALID_FRAGMENTS = frozenset({"", "top"})


@dataclass
class ScannedPage:
    """What the check keeps of one HTML page: its ids and the links it makes."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourcePage:
    """The Markdown a built page came from, for mapping a fault back to a line."""

    path: str  # relative to the project root, as diagnostics show it ("docs/essays/x.md")
    file: Path | None = None  # the Markdown file, read only when a fault needs its lines
    # A generated page's text, written in a data file from line ``first_line`` on; a link
    # found nowhere in it is reported at ``first_line``.
    text: str | None = None
    first_line: int | None = None


def scan_html(data: bytes) -> ScannedPage:
    """The ids and link targets (links, images, scripts, style sheets) of one page."""
    page = ScannedPage()
    if not data.strip():
        return page
    try:
        tree = lxml.html.document_fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return page
    page.ids.update(str(v) for v in tree.xpath("//@id"))
    page.ids.update(str(v) for v in tree.xpath("//a/@name"))
    page.links.extend(str(v) for v in tree.xpath(_TARGETS))
    return page


def link_texts(data: bytes, href: str) -> list[str]:
    """The visible text of every link to ``href`` on a page (read again only for faults)."""
    tree = lxml.html.document_fromstring(data)
    texts = []
    for element in tree.xpath("//a[@href] | //img[@src]"):
        if element.get("href", element.get("src")) == href:
            text = element.text_content() if element.tag == "a" else element.get("alt", "")
            texts.append(" ".join(text.split()))
    return texts


def check_site_html(
    site_dir: str | os.PathLike[str],
    *,
    sources: Mapping[str, SourcePage] | None = None,
    base_path: str = "/",
    site_label: str = "site",
) -> list[Diagnostic]:
    """Every broken internal link and missing anchor in a built site.

    ``sources`` maps a page's path inside the site (``"essays/x/index.html"``) to the
    Markdown it came from; faults on other pages are reported at
    ``{site_label}/<path in site>``. ``base_path`` is the path part of ``site_url``, which
    absolute links (``/kb/essays/x/``) start with.
    """
    root = Path(site_dir)
    files = set(_walk(root))
    pages = {rel: scan_html((root / rel).read_bytes()) for rel in files if rel.endswith(".html")}
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    sources = sources or {}
    found: list[Diagnostic] = []
    for rel, page in pages.items():
        seen: set[str] = set()
        for href in page.links:
            if href in seen:
                continue
            seen.add(href)
            fault = _check_link(rel, href, files, pages, base)
            if fault is None:
                continue
            code, message, fix = fault
            source = sources.get(rel)
            where = source.path if source else f"{site_label}/{rel}"
            line = _line_of(root / rel, source, href) if source else None
            found.append(Diagnostic(where, line, code, message, fix))
    return sorted(found, key=lambda d: (d.path, d.line or 0, d.code, d.message))


def _check_link(
    page: str, href: str, files: set[str], pages: Mapping[str, ScannedPage], base: str
) -> tuple[str, str, str] | None:
    """None if ``href`` on ``page`` resolves, else (code, message, fix)."""
    href = href.strip()
    if href.startswith("//") or _SCHEME_RE.match(href):
        return None  # external: the external check's business
    # Split by hand: this runs for every link of every page (urlsplit is the slow part).
    path, _, fragment = href.partition("#")
    path = path.partition("?")[0]
    if "%" in path:
        path = unquote(path)
    if not path:
        target = page
    else:
        if path.startswith("/"):
            if not (path + "/").startswith(base) and path != base.rstrip("/"):
                return (
                    "links.broken",
                    f"link to '{href}' points outside the site (its address starts with '{base}')",
                    "link to the page's .md file with a relative path",
                )
            joined = path[len(base) :]
        else:
            folder = page.rpartition("/")[0]
            joined = f"{folder}/{path}" if folder else path
        target = posixpath.normpath(joined) if joined else "."
        if target.startswith("../") or target == "..":
            return (
                "links.broken",
                f"link to '{href}' leaves the site",
                "link to a page of this site with a relative path to its .md file",
            )
        if target == ".":
            target = "index.html"
        elif target not in files:
            target = target + "/index.html"
        if target not in files:
            return (
                "links.broken",
                f"link to '{href}' leads nowhere: the built site has no '{path}'",
                "point it at an existing page by its .md file, relative to this page",
            )
    if "%" in fragment:
        fragment = unquote(fragment)
    scanned = pages.get(target)
    if scanned is None or fragment in _ALWAYS_VALID_FRAGMENTS or fragment in scanned.ids:
        return None
    hint = closest(fragment, scanned.ids)
    where = "this page" if target == page else f"'{target.removesuffix('index.html') or '/'}'"
    return (
        "links.missing-anchor",
        f"link to '{href}': {where} has no anchor '#{fragment}'",
        f"did you mean '#{hint}'?"
        if hint
        else "use the id of a heading on that page (its ¶ link shows it)",
    )


def _line_of(html_file: Path, source: SourcePage, href: str) -> int | None:
    if source.text is not None:
        found = locate_link(source.text, href, link_texts(html_file.read_bytes(), href))
        if found is None or source.first_line is None:
            return source.first_line
        return source.first_line + found - 1
    if source.file is None or not source.file.is_file():
        return None
    markdown = source.file.read_text(encoding="utf-8", errors="replace")
    texts = link_texts(html_file.read_bytes(), href)
    return locate_link(markdown, href, texts)


def _walk(root: Path) -> Iterator[str]:
    for folder, _dirs, names in os.walk(root):
        rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel_folder == "." else rel_folder + "/"
        for name in names:
            yield prefix + name
