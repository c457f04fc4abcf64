"""The map (its overview, a tag's map, the small one on the home page) and the essay's
downloads, as a reader's browser gets them: drawn without a script or another host, every
node a working link with a name, the same links in the list beside it, no serious axe
violation; EPUB and PDF links on the essay that give the files."""

from __future__ import annotations

import io
import zipfile

import lxml.etree
import pypdf
import pytest
from accessibility import assert_no_serious_violation
from tour import ESSAY, HOME, PROJECT, TAG

pytestmark = pytest.mark.browser

MAP = "map/"


def _nodes(page, scope: str = ".mg-map"):
    return page.locator(f"{scope} svg.mg-map__svg a.mg-map__node")


def _hrefs(locator) -> list[str]:
    return locator.evaluate_all("links => links.map(a => a.href.baseVal ?? a.href)")


def _absolute(page, hrefs: list[str]) -> list[str]:
    return page.evaluate("hrefs => hrefs.map(h => new URL(h, location.href).href)", hrefs)


def _every_node_links(reader, page, scope: str = ".mg-map") -> list[str]:
    nodes = _nodes(page, scope)
    assert nodes.count() > 0
    targets = _absolute(page, _hrefs(nodes))
    for index in range(nodes.count()):
        name = nodes.nth(index).get_attribute("aria-label")
        assert name and name.strip(), f"node {index} has no name"
    for target in targets:
        address, _, fragment = target.partition("#")
        response = page.request.get(address)
        assert response.status == 200, target
        if fragment:
            assert f'id="{fragment}"' in response.text(), target
    return targets


def test_the_overview_renders_and_every_tag_links_to_its_map(reader):
    page = reader.open(MAP)
    svg = page.locator(".mg-map svg.mg-map__svg")
    box = svg.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    targets = _every_node_links(reader, page)
    listed = _absolute(
        page,
        page.locator(".mg-map__list a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        ),
    )
    assert listed == targets  # the list gives the same content, in the same order
    assert all(t.split("#")[1] == "tag-map" and "/tags/" in t for t in targets)
    assert all(r.startswith(reader.site_url) for r in reader.requests)  # no other host
    reader.screenshot("map-overview")
    _nodes(page).first.click()
    page.wait_for_url("**/tags/**", wait_until="domcontentloaded")
    assert page.locator("#tag-map").is_visible()


def test_a_tags_map_draws_its_pages_and_shared_works_each_a_link(reader):
    page = reader.open(TAG)
    section = page.locator(".mg-tag-map")
    assert section.locator("svg").is_visible()
    targets = _every_node_links(reader, page, ".mg-tag-map")
    kinds = _nodes(page, ".mg-tag-map").evaluate_all(
        "links => links.map(a => a.getAttribute('class').split('--')[1])"
    )
    assert "page" in kinds and "work" in kinds
    listed = _absolute(
        page,
        section.locator(".mg-map__list a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        ),
    )
    assert set(targets) <= set(listed)
    reader.screenshot("map-tag", element=section)


def test_the_home_page_shows_the_small_map(reader):
    page = reader.open(HOME)
    small = page.locator(".mg-map--small")
    assert small.locator("svg").is_visible()
    _every_node_links(reader, page, ".mg-map--small")
    small.locator(".mg-map__more a").click()
    page.wait_for_url(f"**/{MAP}", wait_until="domcontentloaded")


@pytest.mark.parametrize("path", [MAP, TAG, HOME])
def test_no_serious_accessibility_violation_on_the_maps(reader, path):
    reader.open(path)
    assert_no_serious_violation(reader.page)


def test_a_map_node_takes_keyboard_focus(reader):
    page = reader.open(MAP)
    first = _nodes(page).first
    first.focus()
    assert page.evaluate("document.activeElement.classList.contains('mg-map__node')")


def test_the_essay_offers_epub_and_pdf_and_they_hold_the_essay(reader):
    page = reader.open(ESSAY)
    links = page.locator("p.mg-downloads a")
    assert links.all_inner_texts() == ["EPUB", "PDF"]
    epub_url, pdf_url = _absolute(
        page, links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    )
    epub = page.request.get(epub_url)
    assert epub.status == 200
    archive = zipfile.ZipFile(io.BytesIO(epub.body()))
    assert archive.namelist()[0] == "mimetype"
    notes = lxml.etree.fromstring(archive.read("OEBPS/notes.xhtml")).xpath("string()")
    first_note = page.locator("aside.mg-note .mg-note__body").first.inner_text().split()[:6]
    assert " ".join(first_note) in " ".join(notes.split())
    pdf = page.request.get(pdf_url)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages
    )
    assert "Cite this page" in text
    # pypdf puts a space where the face changes ("( Co-Production , n.d.)"): compared without.
    squashed = "".join(text.split())
    assert "".join(first_note) in squashed[squashed.index("Notes") :]
    reference = page.locator("#mg-references .csl-entry").first.inner_text().split()[:5]
    assert " ".join(reference) in text[text.index("References") :]


def test_a_project_page_offers_no_download(reader):
    page = reader.open(PROJECT)
    assert page.locator("p.mg-downloads").count() == 0
