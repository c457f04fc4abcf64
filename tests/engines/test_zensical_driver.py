"""The Zensical driver's own parts: the page order, the staged navigation, the table of
contents written again, the search styles taken from Material."""

from __future__ import annotations

import os

from tests.engines.conftest import REPO
from tests.engines.parity import differences


def test_pages_are_collected_in_the_order_mkdocs_converts_them():
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from marginalia.zensical.finish import mkdocs_order

    old = os.getcwd()
    os.chdir(REPO)
    try:
        config = load_config(str(REPO / "mkdocs.yml"))
        expected = [f.src_uri for f in get_files(config).documentation_pages()]
    finally:
        os.chdir(old)
    assert mkdocs_order(REPO / "docs", set(expected) | {"tags/power.md"}, ["tags/power.md"]) == [
        *expected,
        "tags/power.md",
    ]


def test_tag_pages_follow_the_last_page_of_the_tag_index_section():
    from marginalia.zensical.stage import _with_tag_pages

    nav = [{"Home": "index.md"}, {"Tags": ["tags/index.md", "tags/own.md"]}, "about.md"]
    assert _with_tag_pages(nav, ["tags/own.md", "tags/a.md"], "tags") == [
        {"Home": "index.md"},
        {"Tags": ["tags/index.md", "tags/own.md", "tags/a.md"]},
        "about.md",
    ]


_PAGE = """<div><nav class="md-nav md-nav--secondary" aria-label="On this page">
<ul><li><a href="#x">X</a><nav class="md-nav" aria-label="X"><ul><li>y</li></ul></nav></li></ul>
</nav></div><p>after</p>"""


def test_the_table_of_contents_is_written_again_with_what_the_core_adds():
    from marginalia.zensical.toc import add_entries, retitle, rewrite, toc_entry

    cited = 'After <span class="mg-cite-pending" data-mg-cite="@a">@a</span>'
    toc = [
        {
            "title": "Page",
            "content": "Page",
            "id": "page",
            "url": "#page",
            "level": 1,
            "children": [
                {
                    "title": cited,
                    "content": cited,
                    "id": "after",
                    "url": "#after",
                    "level": 2,
                    "children": [],
                }
            ],
        },
    ]
    add_entries(toc, [toc_entry("mg-related", "Related")])
    retitle(toc, lambda anchor, raw: "Ann (2001)" if (anchor, raw) == ("after", "@a") else raw)
    written = rewrite(_PAGE, toc)
    assert written.endswith("</div><p>after</p>") and written.count("<nav") == 1
    assert '<a href="#after" class="md-nav__link">' in written and "After Ann (2001)" in written
    assert '<a href="#mg-related" class="md-nav__link">' in written and "mg-cite" not in written
    assert 'aria-label="On this page"' in written and "#x" not in written


def test_only_the_search_rules_of_material_are_taken():
    from marginalia.zensical.searchstyle import material_stylesheet, search_rules

    css = (
        ".md-header{color:red}.md-search__input{width:1px}"
        "@media screen{.md-search{top:0}.md-tabs{x:y}}:root{--md-search-result-icon:url(a)}"
    )
    assert search_rules(css) == (
        ".md-search__input{width:1px}@media screen{.md-search{top:0}}"
        ":root{--md-search-result-icon:url(a)}"
    )
    real = search_rules(material_stylesheet().read_text(encoding="utf-8"))
    assert ".md-search__inner" in real and ".md-header{" not in real


def test_differences_notice_a_changed_text():
    assert differences({"a": [1, "x"]}, {"a": [1, "x"]}) == []
    assert differences({"a": [1, "x"]}, {"a": [1, "y"]}) != []
    assert differences({"a": 1}, {"b": 1}) != []


def test_a_page_collected_early_gets_the_same_slots_when_written(tmp_path):
    from types import SimpleNamespace

    import pytest

    from marginalia.citations.sitepages import CitationsSetupError, PageRef, SiteCitations
    from marginalia.site import SiteIndex

    core = SiteCitations(SimpleNamespace(cache_dir="cache"), SiteIndex(), print, tmp_path)
    core.has_bibliography = False  # nothing to look up: only the numbering is tested
    span = '<span class="mg-cite-pending" data-mg-cite="[@{}]">[@{}]</span>'
    first = PageRef("a.md", "a/")
    second = PageRef("b.md", "b/")
    html_a = "<p>" + span.format("x", "x") + "</p>"
    html_b = "<p>" + span.format("y", "y") + span.format("z", "z") + "</p>"
    slotted_a = core.collect_page(html_a, first, lambda: "", None)
    slotted_b = core.collect_page(html_b, second, lambda: "", None)
    written_b = "<div>nav</div>" + html_b  # the written page holds more than its Markdown
    assert core.slot_again(written_b, second) == "<div>nav</div>" + slotted_b
    assert core.slot_again(html_a, first) == slotted_a and 'data-mg-slot="0"' in slotted_a
    with pytest.raises(CitationsSetupError):
        core.slot_again(html_a, second)
