"""What a reader gets from a built site, engine aside: the facts the parity test compares.

Per page (by its path in the site): the text of every citation and of its preview, every
reference list (each entry's id and text), the tag listing of a tag page, "Related" and
"Linked from", the table of contents, Cite this page, the nodes and the list of a map, the
download links; and per site: every search record
Pagefind wrote (its URL, text, filters and meta), the link previews and the graph export.
The page around them (the theme's header, navigation, footer) is the engine's own.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from lxml import html as lxml_html

_SKIP = {"pagefind", "assets", "stylesheets", "search"}


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _without(element, xpath: str):
    clone = lxml_html.fromstring(lxml_html.tostring(element, with_tail=False))
    for child in clone.xpath(xpath):
        child.drop_tree()
    return clone


def page_facts(path: Path) -> dict:
    tree = lxml_html.fromstring(path.read_bytes())
    facts: dict = {}
    facts["citations"] = [
        _text(_without(c, './/*[contains(@class, "mg-cite__preview")]'))
        for c in tree.xpath('//*[contains(concat(" ", @class, " "), " mg-cite ")]')
    ]
    facts["citation_previews"] = [
        _text(p) for p in tree.xpath('//*[contains(@class, "mg-cite__preview")]')
    ]
    facts["references"] = [
        [(e.get("id"), _text(e)) for e in section.xpath('.//*[contains(@class, "csl-entry")]')]
        for section in tree.xpath('//section[contains(@class, "mg-references")]')
    ]
    facts["bibliography"] = [
        (e.get("id"), _text(e))
        for e in tree.xpath(
            '//*[contains(@class, "csl-entry")][not(ancestor::section[contains(@class, "mg-references")])]'
        )
    ]
    facts["tag_listing"] = [_text(e) for e in tree.xpath('//*[contains(@class, "mg-tag-listing")]')]
    facts["section_listing"] = [
        (a.get("href"), _text(a.getparent()))
        for a in tree.xpath('//ul[contains(@class, "marginalia-section-pages")]/li/a')
    ]
    facts["tag_index"] = [_text(e) for e in tree.xpath('//*[contains(@class, "mg-tag-index")]')]
    facts["crosslinks"] = [
        _text(e) for e in tree.xpath('//aside[contains(@class, "mg-crosslinks")]')
    ]
    facts["related"] = [
        (a.get("href"), _text(a)) for a in tree.xpath('//ul[contains(@class, "mg-related")]//li/a')
    ]
    facts["cite_this_page"] = [_text(e) for e in tree.xpath('//*[@id="cite-this-page"]')]
    facts["toc"] = [
        (a.get("href"), _text(a))
        for a in tree.xpath(
            '(//nav[contains(@class, "md-nav--secondary")])[last()]//a[contains(@class, "md-nav__link")]'
        )
    ]
    facts["tags"] = [
        (a.get("href"), _text(a)) for a in tree.xpath('//nav[contains(@class, "md-tags")]/*')
    ]
    facts["notes"] = [
        (n.get("id"), _text(n)) for n in tree.xpath('//*[contains(@class, "mg-note")][@id]')
    ]
    facts["scholar"] = sorted(
        (m.get("name"), m.get("content"))
        for m in tree.xpath('//meta[starts-with(@name, "citation_")]')
    )
    facts["search_filters"] = sorted(
        e.get("data-pagefind-filter") for e in tree.xpath("//*[@data-pagefind-filter]")
    )
    facts["map_nodes"] = [
        (a.get("href"), a.get("class"), _text(a))
        for a in tree.xpath('//*[contains(@class, "mg-map__nodes")]//a')
    ]
    facts["map_list"] = [
        (a.get("href"), _text(a.getparent()))
        for a in tree.xpath('//*[contains(@class, "mg-map__list")]//li/a')
    ]
    facts["map_more"] = [
        a.get("href") for a in tree.xpath('//*[contains(@class, "mg-map__more")]//a')
    ]
    facts["download_links"] = [
        (a.get("href"), a.get("class"), _text(a))
        for a in tree.xpath('//p[contains(@class, "mg-downloads")]//a')
    ]
    facts["search_meta"] = sorted(
        e.get("data-pagefind-meta") for e in tree.xpath("//*[@data-pagefind-meta]")
    )
    return facts


def search_records(site: Path) -> dict[str, dict]:
    """Every page Pagefind indexed: its text, filters and meta, by URL."""
    records = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[len(b"pagefind_dcd") :])
        records[record["url"]] = {
            "content": record["content"],
            "filters": record.get("filters"),
            "meta": record.get("meta"),
            "anchors": [(a.get("id"), a.get("text")) for a in record.get("anchors", [])],
        }
    return records


def site_facts(site: Path) -> dict:
    pages = {}
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site).as_posix()
        if relative.split("/", 1)[0] in _SKIP:
            continue
        pages[relative] = page_facts(path)
    return {
        "pages": pages,
        "search": search_records(site),
        "previews": json.loads((site / "assets/marginalia/previews.json").read_text()),
        "graph": json.loads((site / "graph.json").read_text()),
        "search_filter_choices": json.loads(
            (site / "assets/marginalia/search-filters.json").read_text()
        ),
        "downloads": (site / "bibliography/references.bib").read_text(),
        "essay_files": sorted(
            p.relative_to(site).as_posix()
            for pattern in ("*.epub", "*.pdf")
            for p in site.rglob(pattern)
        ),
    }


def differences(a: dict, b: dict, where: str = "") -> list[str]:
    """Each place where two sets of facts differ, as ``where: a != b`` lines."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                found.append(f"{where}/{key}: only in {'second' if key not in a else 'first'}")
            else:
                found.extend(differences(a[key], b[key], f"{where}/{key}"))
        return found
    return [] if a == b else [f"{where}: {str(a)[:300]!r} != {str(b)[:300]!r}"]
