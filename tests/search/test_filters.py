"""The search box's filter choices: which types and tags exist, in which order, how they read."""

from __future__ import annotations

import json

from marginalia.search.filters import filter_choices, write_filter_choices
from marginalia.site import PageInfo


def _page(src: str, page_type: str | None, tags: list[str]) -> PageInfo:
    return PageInfo(src_path=src, url=src, type=page_type, tags=tags)


PAGES = [
    _page("essays/a.md", "critique", ["power", "coercion"]),
    _page("concepts/b.md", "concept", ["well-being"]),
    _page("extra/c.md", "interview", ["power", "not a slug"]),
    _page("index.md", None, []),
]
TYPE_LABELS = {"critique": "Critiques", "project": "Projects", "concept": "Concepts"}


def test_types_follow_the_label_order_then_others_and_tags_sort_by_label():
    labels = {"power": "Power", "coercion": "Coercion <b>", "well-being": "Well-being"}
    assert filter_choices(PAGES, labels, TYPE_LABELS) == {
        "type": [["critique", "Critiques"], ["concept", "Concepts"], ["interview", "Interview"]],
        # Labels stay as written: the box sets them as text (test_injection_in_browser).
        "tag": [["coercion", "Coercion <b>"], ["power", "Power"], ["well-being", "Well-being"]],
    }


def test_without_a_vocabulary_a_tag_reads_as_its_id_and_unused_types_are_not_offered():
    choices = filter_choices(PAGES[:1], {}, TYPE_LABELS)
    assert choices == {
        "type": [["critique", "Critiques"]],
        "tag": [["coercion", "coercion"], ["power", "power"]],
    }


def test_the_file_is_the_same_bytes_for_the_same_choices(tmp_path):
    choices = filter_choices(PAGES, {}, TYPE_LABELS)
    first = write_filter_choices(tmp_path, choices).read_bytes()
    again = write_filter_choices(tmp_path, dict(reversed(list(choices.items())))).read_bytes()
    assert first == again and json.loads(first) == choices
