"""The reader's tests, against the site as Zensical builds it (with marginalia's driver):
search, citation previews, margin notes, the maps and the essay's downloads, no request to
another host, and axe. The tests
are the MkDocs site's own, imported here and run on the Zensical build; the margin-note
test, whose own site is a fixture built with MkDocs, is written again for the real essay."""

from __future__ import annotations

import pytest
from test_citations_in_browser import (  # noqa: F401
    test_cited_in_link_on_the_bibliography_lands_on_the_citing_passage,
    test_keyboard_focus_on_a_citation_shows_the_full_reference,
)
from test_map_and_downloads_in_browser import (  # noqa: F401
    test_a_map_node_takes_keyboard_focus,
    test_a_project_page_offers_no_download,
    test_a_tags_map_draws_its_pages_and_shared_works_each_a_link,
    test_no_serious_accessibility_violation_on_the_maps,
    test_the_essay_offers_epub_and_pdf_and_they_hold_the_essay,
    test_the_home_page_shows_the_small_map,
    test_the_overview_renders_and_every_tag_links_to_its_map,
)
from test_privacy_everywhere import (  # noqa: F401
    test_no_page_or_stylesheet_loads_anything_from_another_host,
)
from test_reader_basics import (  # noqa: F401
    test_axe_finds_no_serious_or_critical_violation,
    test_five_pages_request_nothing_but_the_site_itself,
)
from test_search_in_browser import (  # noqa: F401
    page,  # the search tests' own: the home page, opened once
    test_a_cited_author_finds_the_citing_pages_not_their_reference_lists,
    test_a_result_has_the_page_title_an_excerpt_with_the_word_marked_and_heading_links,
    test_axe_finds_no_serious_violation_in_open_results,
    test_cite_this_page_is_not_searchable,
    test_coercion_finds_the_essay_and_the_coercion_tag_page,
    test_every_search_request_stays_on_the_site,
    test_pages_sharing_a_title_are_told_apart_by_their_section,
    test_the_bibliography_is_found_by_an_author_or_a_title,
    test_the_keyboard_opens_searches_moves_and_closes,
    test_words_of_a_margin_note_find_the_essay,
    test_words_only_in_reference_lists_find_only_the_bibliography,
)
from tour import ESSAY

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built_site(zensical_site):
    """The real site as Zensical builds it, for every test of this module."""
    return zensical_site


@pytest.fixture(scope="module")
def site_url(zensical_site_url):
    return zensical_site_url


def test_wide_screen_notes_sit_in_the_margin_beside_their_passages(reader):
    essay = reader.open(ESSAY)
    essay.set_viewport_size({"width": 1400, "height": 900})
    essay.wait_for_function("document.documentElement.classList.contains('mg-margin-js')")
    paragraph = essay.locator(".mg-annotated > p").first.bounding_box()
    note = essay.locator("#note-buyer-power").bounding_box()
    passage = essay.locator("#passage-buyer-power").bounding_box()
    assert paragraph and note and passage
    assert note["x"] >= paragraph["x"] + paragraph["width"]  # right of the text
    assert abs(note["y"] - passage["y"]) < 3  # level with the line of its passage


def test_narrow_screen_notes_open_from_the_keyboard(phone_reader):
    essay = phone_reader.open(ESSAY)
    toggle = essay.locator("#note-buyer-power .mg-note__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    essay.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert essay.locator("#note-buyer-power-body").is_visible()
