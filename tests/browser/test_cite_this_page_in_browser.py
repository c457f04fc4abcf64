"""'Cite this page' on the essay and a project: the reference and BibTeX a reader copies,
and the Google Scholar tags in the head."""

from __future__ import annotations

import pytest
from tour import ESSAY, PROJECT, front_matter

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "source"),
    [(ESSAY, "essays/co-production-who-is-co-producing-what.md"), (PROJECT, "projects/mind.md")],
)
def test_cite_this_page_opens_from_the_keyboard(reader, path, source):
    page = reader.open(path)
    title = front_matter(source)["title"]
    box = page.locator("details#cite-this-page")
    summary = box.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    reference = box.locator(".marginalia-cite__reference")
    reference.wait_for(state="visible")
    assert title in reference.inner_text()
    assert "(n.d.)" in reference.inner_text()  # the pages give no date: none is invented
    bibtex = box.locator(".marginalia-cite__bibtex").inner_text()
    assert bibtex.startswith("@misc{")
    assert "year" not in bibtex
    head = {
        name: page.locator(f'head meta[name="{name}"]').get_attribute("content")
        for name in ("citation_title", "citation_public_url")
    }
    assert head["citation_title"] == title
    assert head["citation_public_url"].endswith("/" + path)
    assert page.locator('head meta[name="citation_publication_date"]').count() == 0
    reader.screenshot(f"cite-this-page-{path.strip('/').replace('/', '-')}", element=box)


def test_pages_that_are_not_essays_or_projects_have_no_citation_box(reader):
    page = reader.open("concepts/power/")
    assert page.locator("#cite-this-page").count() == 0
    assert page.locator('head meta[name="citation_title"]').count() == 0


def test_cite_this_page_fits_a_phone(phone_reader):
    page = phone_reader.open(PROJECT)
    box = page.locator("details#cite-this-page")
    box.locator("summary").click()
    bibtex = box.locator(".marginalia-cite__bibtex")
    bibtex.wait_for(state="visible")
    width = page.viewport_size["width"]
    for part in (box, box.locator(".marginalia-cite__reference"), bibtex):
        found = part.bounding_box()
        assert found is not None
        assert found["x"] >= 0 and found["x"] + found["width"] <= width + 0.5
    # Long URLs wrap instead of scrolling sideways.
    assert page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    phone_reader.screenshot("cite-this-page-phone", element=box)
