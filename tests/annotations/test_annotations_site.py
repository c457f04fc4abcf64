"""Margin notes in tiny MkDocs sites: exact diagnostics, strict builds, search, tags."""

from __future__ import annotations

import re

import pytest

from marginalia.search import indexed_pages

ESSAY = """\
---
title: Essay
---

# Essay

A paragraph about [the passage]{>market} in the essay.

/// annotation | market
    tags: [coercion, power]

The note, with a citation [@key] and *emphasis*.
///
"""


def _warnings(site) -> list[str]:
    """This feature's warnings (other features may have their say about a fixture page)."""
    return [w.removeprefix("marginalia: ") for w in site.warnings if "[annotations." in w]


def test_a_good_note_builds_without_warnings_and_renders_in_the_page(build_site):
    site = build_site({"docs/index.md": ESSAY}, strict=True)
    assert not site.aborted
    assert site.warnings == []
    html = site.html("")
    assert 'id="note-market"' in html
    assert 'data-tags="coercion power"' in html
    assert 'href="#note-market"' in html
    assert "assets/marginalia/annotations.css" in html
    assert "assets/marginalia/annotations.js" in html
    assert (site.site_dir / "assets/marginalia/annotations.js").is_file()


def test_notes_are_in_the_search_index(build_site):
    site = build_site({"docs/index.md": ESSAY})
    text = indexed_pages(site.site_dir)["/"].content
    assert re.search(r"Note 1\s+The note, with a citation \[@key\] and emphasis\.", text)


def test_citation_syntax_inside_a_note_survives_untouched(build_site):
    site = build_site({"docs/index.md": ESSAY})
    assert "[@key]" in site.html("")


BAD_INPUTS = [
    pytest.param(
        "A paragraph with no marked passage.\n\n/// annotation | lonely\nA note.\n///\n",
        "docs/index.md:3: note 'lonely' has no passage pointing at it — mark the passage it "
        "comments on with [the passage]{>lonely}, or remove the note [annotations.no-target]",
        id="note-without-target",
    ),
    pytest.param(
        "- An item.\n\n    /// annotation | in-list\n    A note.\n    ///\n",
        "docs/index.md:3: note 'in-list' has no passage pointing at it — mark the passage it "
        "comments on with [the passage]{>in-list}, or remove the note [annotations.no-target]",
        id="note-in-a-list-item-without-target",
    ),
    pytest.param(
        "Text\n\nA [passage]{>nowhere} without a note.\n",
        "docs/index.md:3: passage marked {>nowhere} has no note 'nowhere' on this page — add a "
        "'/// annotation | nowhere' block after the paragraph [annotations.missing-note]",
        id="target-without-note",
    ),
    pytest.param(
        "A [passage]{>markte}.\n\n/// annotation | market\nA note.\n///\n",
        "docs/index.md:1: passage marked {>markte} has no note 'markte' on this page — "
        "did you mean {>market}? [annotations.missing-note]\n"
        "docs/index.md:3: note 'market' has no passage pointing at it — mark the passage it "
        "comments on with [the passage]{>market}, or remove the note [annotations.no-target]",
        id="target-with-a-typo",
    ),
    pytest.param(
        "A [passage]{>a}.\n\n/// annotation | a\nOne.\n///\n\n/// annotation | a\nTwo.\n///\n",
        "docs/index.md:7: note id 'a' is already used by note 1 on this page — give each note "
        "its own id, and point its passage at it with {>new-id} [annotations.duplicate-id]",
        id="duplicate-id",
    ),
    pytest.param(
        "A paragraph.\n\n/// annotation\nNo id.\n///\n",
        "docs/index.md:3: annotation block without a note id — write '/// annotation | note-id' "
        "with the id used by its passage's {>note-id} [annotations.malformed]",
        id="missing-id",
    ),
    pytest.param(
        "A paragraph.\n\n/// annotation | my note\nBad id.\n///\n",
        "docs/index.md:3: note id 'my note' is not a valid id — use letters, digits, hyphens "
        "and underscores only, e.g. 'market-logic' [annotations.malformed]",
        id="bad-id",
    ),
    pytest.param(
        "A [passage]{>a}.\n\n/// annotation | a\n    tags: [x, y\n\nBody.\n///\n",
        "docs/index.md:3: the options of this annotation block are not valid YAML — write them "
        "as 'tags: [coercion, power]', indented by four spaces [annotations.malformed]",
        id="bad-yaml",
    ),
    pytest.param(
        "A [passage]{>a}.\n\n/// annotation | a\n    tag: [x]\n\nBody.\n///\n",
        "docs/index.md:3: unknown option 'tag' in annotation block — did you mean 'tags'? "
        "[annotations.malformed]",
        id="unknown-option",
    ),
    pytest.param(
        "A [passage]{>a}.\n\n/// annotation | a\n    tags: {x: 1}\n\nBody.\n///\n",
        "docs/index.md:3: 'tags' must be a list such as [coercion, power], not dict — write "
        "'tags: [coercion, power]' [annotations.malformed]",
        id="tags-not-a-list",
    ),
    pytest.param(
        "Intro.\n\n> Words of the source, uncited.\n",
        "docs/index.md:3: quotation without a citation — cite its source inside the quote, "
        "e.g. '> words of the source [@key, p. 3]' [annotations.uncited-quote]",
        id="uncited-blockquote",
    ),
    pytest.param(
        "Intro.\n\nThe essay calls it <q>a market</q>, uncited.\n",
        "docs/index.md:3: <q> quotation without a citation after it — add the citation after "
        "the quotation in the same paragraph, e.g. '<q>words</q> [@key, p. 3]' "
        "[annotations.uncited-quote]",
        id="uncited-inline-quote",
    ),
]


@pytest.mark.parametrize(("body", "expected"), BAD_INPUTS)
def test_every_bad_input_is_reported_at_its_line_and_fails_strict(build_site, body, expected):
    site = build_site({"docs/index.md": body}, strict=True)
    assert _warnings(site) == expected.split("\n")
    assert site.aborted


def test_every_fault_on_a_page_is_reported_at_once_with_front_matter_counted(build_site):
    page = (
        "---\ntitle: Many\n---\n\n"  # lines 1-4: front matter shifts every line
        "A [one]{>one} and [two]{>two}.\n\n"  # 5
        "/// annotation | one\nOne.\n///\n\n"  # 7
        "/// annotation | three\nThree.\n///\n"  # 11
    )
    site = build_site({"docs/essays/many.md": page})
    assert _warnings(site) == [
        "docs/essays/many.md:5: passage marked {>two} has no note 'two' on this page — add a "
        "'/// annotation | two' block after the paragraph [annotations.missing-note]",
        "docs/essays/many.md:11: note 'three' has no passage pointing at it — mark the passage "
        "it comments on with [the passage]{>three}, or remove the note [annotations.no-target]",
    ]


def test_examples_in_code_are_neither_parsed_nor_blamed(build_site):
    page = (
        "Use `[the passage]{>x}` like this:\n\n"
        "```markdown\n/// annotation | x\nA note.\n///\n```\n\n"
        "A real [passage]{>x}.\n\n/// annotation | x\nThe real note.\n///\n"
    )
    site = build_site({"docs/index.md": page}, strict=True)
    assert site.warnings == []
    html = site.html("")
    assert html.count('class="mg-note"') == 1
    assert "<code>[the passage]{&gt;x}</code>" in html


def test_quote_check_can_be_turned_off(build_site):
    site = build_site(
        {"docs/index.md": "> Uncited words.\n"}, plugin={"annotations": {"check_quotes": False}}
    )
    assert site.warnings == []


def test_an_extension_the_user_lists_is_used_once_with_its_options(build_site):
    site = build_site(
        {"docs/index.md": "A [p]{>a}.\n\n/// annotation | a\nN.\n///\n\n> Uncited.\n"},
        config={
            "markdown_extensions": [
                "attr_list",
                "toc",
                {"marginalia.annotations": {"check_quotes": False}},
            ]
        },
    )
    assert site.warnings == []
    assert site.html("").count('id="note-a"') == 1


def test_annotations_can_be_turned_off(build_site):
    site = build_site({"docs/index.md": "A [p]{>a}.\n"}, plugin={"annotations": {"enabled": False}})
    assert site.warnings == []
    assert "mg-target" not in site.html("")


TAG_VOCABULARY = """\
tags:
  power:
    description: Who decides.
  coercion:
    description: Services imposed on people.
"""
TAGS_PLUGIN = {
    "pages": {"types_by_folder": {"essays": "critique"}},
    "tags": {"vocabulary": "data/tags.yml"},
}
TAGGED_ESSAY = """\
---
title: Reading
summary: A reading.
tags: [power]
---

# Reading

A paragraph about [the passage]{>market} in the essay.

/// annotation | market
    tags: [coercion, powr]

The note.
///
"""


def test_unknown_tags_in_a_note_are_reported_by_the_tags_feature(build_site):
    site = build_site(
        {"data/tags.yml": TAG_VOCABULARY, "docs/essays/reading.md": TAGGED_ESSAY},
        plugin=TAGS_PLUGIN,
        strict=True,
    )
    assert [w.removeprefix("marginalia: ") for w in site.messages_with("tags.unknown")] == [
        "docs/essays/reading.md:12: tag 'powr' on passage #note-market is not in "
        "data/tags.yml — did you mean power? [tags.unknown]"
    ]
    assert site.aborted


def test_a_tagged_note_is_listed_on_its_tag_page(build_site):
    page = TAGGED_ESSAY.replace("powr", "power")
    site = build_site(
        {"data/tags.yml": TAG_VOCABULARY, "docs/essays/reading.md": page},
        plugin=TAGS_PLUGIN,
        strict=True,
    )
    assert site.warnings == []
    tag_page = site.html("tags/coercion/")
    assert "../../essays/reading/#note-market" in tag_page


CITED_BIB = """
@book{cahn2000,
  author    = {Cahn, Edgar S.},
  title     = {No More Throw-Away People},
  publisher = {Essential Books},
  year      = {2000}
}
"""


def test_a_citation_inside_a_note_and_a_passage_resolves(build_site):
    page = (
        "# Essay\n\nA paragraph about [a passage [@cahn2000]]{>a}.\n\n"
        "/// annotation | a\nThe note cites [@cahn2000, p. 3].\n///\n"
    )
    site = build_site(
        {"docs/index.md": page, "bib/refs.bib": CITED_BIB},
        plugin={"citations": {"bibliography": ["bib/refs.bib"], "style": "apa"}},
        strict=True,
    )
    assert site.warnings == []
    html = site.html("")
    body = html[html.index('id="note-a-body"') :]
    body = body[: body.index("</aside>")]
    assert "Cahn, 2000, p. 3" in body
    assert "[@cahn2000" not in html
    passage = html[html.index('id="passage-a"') :]
    assert "Cahn, 2000" in passage[: passage.index("</mark>")]
