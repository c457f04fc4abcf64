"""A reader narrows a search by page type and tag: only matching pages come back, the
filters are plain form controls worked from the keyboard, the status line says what is
shown, and the address keeps the search so that it can be shared and survives a reload."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from accessibility import assert_no_serious_violation
from test_search_in_browser import BOX, LIST
from tour import ESSAY, REPO, front_matter

pytestmark = pytest.mark.browser

TYPE = "[data-mg-search] select[data-mg-filter=type]"
TAG = "[data-mg-search] select[data-mg-filter=tag]"
STATUS = "[data-mg-search] .md-search-result__meta"


# The site gives each top-level folder's pages their type (mkdocs.yml, types_by_folder).
FOLDERS = {"critique": "essays", "project": "projects", "concept": "concepts"}


def expected_pages(page_type: str, tag: str | None = None) -> set[str]:
    """Site paths of the pages of this type (and with this tag in their front matter)."""
    found = set()
    for path in sorted((REPO / "docs" / FOLDERS[page_type]).glob("*.md")):
        src = path.relative_to(REPO / "docs").as_posix()
        if path.name != "index.md" and (
            tag is None or tag in (front_matter(src).get("tags") or [])
        ):
            found.add(str(Path(src).with_suffix("")) + "/")
    return found


def wait_for(page, query: str, filters: str) -> None:
    page.wait_for_function(
        f"""([q, f]) => {{ const l = document.querySelector('{LIST}');
            return l.getAttribute('data-mg-query') === q && l.dataset.mgFilters === f; }}""",
        arg=[query, filters],
        timeout=15_000,
    )


def shown(page) -> set[str]:
    paths = page.locator(f"{LIST} a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    return {path.lstrip("/").split("#")[0] for path in paths}


def test_type_and_tag_return_only_matching_pages_and_survive_a_reload(reader):
    expected = expected_pages("project", "personalisation")
    assert expected and expected != expected_pages("project"), "the tag must narrow it"
    assert expected_pages("concept", "personalisation"), "the type must narrow it"
    page = reader.open(ESSAY)
    page.locator(BOX).click()
    page.select_option(TYPE, "project")
    page.select_option(TAG, "personalisation")
    wait_for(page, "", "tag=personalisation&type=project")
    assert shown(page) == expected
    status = page.locator(STATUS)
    assert status.get_attribute("role") == "status"
    assert "Type: Projects" in status.inner_text() and "Tag: Personalisation" in status.inner_text()
    # With words too: every result is a project tagged personalisation.
    page.locator(BOX).fill("co-production")
    wait_for(page, "co-production", "tag=personalisation&type=project")
    assert shown(page) and shown(page) <= expected
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"q": ["co-production"], "type": ["project"], "tag": ["personalisation"]}
    address = page.url
    page.reload()
    wait_for(page, "co-production", "tag=personalisation&type=project")
    assert page.evaluate("document.getElementById('__search').checked") is True
    assert page.locator(BOX).input_value() == "co-production"
    assert page.locator(TYPE).input_value() == "project"
    assert page.locator(TAG).input_value() == "personalisation"
    assert shown(page) and shown(page) <= expected
    assert page.url == address
    # Closing the search takes it out of the address again.
    page.keyboard.press("Escape")
    assert urlsplit(page.url).query == ""


def test_a_shared_address_opens_the_filtered_search_in_a_new_reader(browser, site_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + "?type=concept&tag=power")
        wait_for(page, "", "tag=power&type=concept")
        assert shown(page) == expected_pages("concept", "power")
    finally:
        context.close()


def test_an_unknown_filter_value_in_the_address_is_dropped_not_applied(browser, site_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + "?q=recovery&tag=no-such-tag")
        wait_for(page, "recovery", "")
        assert page.locator(TAG).input_value() == ""
        assert "tag" not in parse_qs(urlsplit(page.url).query)
    finally:
        context.close()


def test_the_filters_are_worked_from_the_keyboard(reader):
    page = reader.open("")
    page.keyboard.press("/")
    page.keyboard.type("power")
    wait_for(page, "power", "")
    everything = shown(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-mg-filter')") == "type"
    # Arrows move through a focused <select>'s choices (and no longer through the results).
    page.keyboard.press("ArrowDown")
    assert page.locator(TYPE).input_value() == "critique"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator(TYPE).input_value() == "concept"
    wait_for(page, "power", "type=concept")
    concepts = shown(page)
    assert everything - expected_pages("concept"), "unfiltered, other pages match too"
    assert concepts and concepts <= expected_pages("concept")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-mg-filter')") == "tag"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"document.activeElement === document.querySelector('{BOX}')")


def test_axe_finds_no_serious_violation_with_filters_set(reader, dark_reader):
    for who in (reader, dark_reader):
        page = who.open("")
        page.locator(BOX).click()
        page.select_option(TYPE, "project")
        wait_for(page, "", "type=project")
        assert_no_serious_violation(page, context="[data-mg-search]")


def test_on_a_phone_the_filters_fit_and_work(phone_reader):
    page = phone_reader.open(ESSAY)
    page.locator("label.md-header__button[for=__search]").click()
    page.wait_for_function(f"() => document.activeElement === document.querySelector('{BOX}')")
    for select in (TYPE, TAG):
        box = page.locator(select).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, select
    page.select_option(TAG, "recovery")
    wait_for(page, "", "tag=recovery")
    tagged = {p for t in ("critique", "project", "concept") for p in expected_pages(t, "recovery")}
    assert shown(page) == tagged
    phone_reader.screenshot("search-filters-phone", full_page=False)
