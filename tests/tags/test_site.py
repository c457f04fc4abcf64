"""The tags feature in built sites: tag pages, chips, Related, Linked from, the graph."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from marginalia.search import indexed_pages
from tests.tags.conftest import PAGES, article, section

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {name}; create it with UPDATE_GOLDEN=1"
    assert actual + "\n" == path.read_text(encoding="utf-8"), (
        f"{name} differs; rerun with UPDATE_GOLDEN=1 if the change is intended"
    )


def test_a_tag_page_renders_as_its_golden_file(knowledge_base):
    site = knowledge_base(strict=True)
    assert not site.aborted
    _golden("tag-coercion.html", article(site.html("tags/coercion/")))
    _golden("tag-index.html", article(site.html("tags/")))


def test_tag_page_groups_pages_by_type_with_summaries_in_label_order(knowledge_base):
    html = article(knowledge_base().html("tags/coercion/"))
    headings = re.findall(r"<h2 id=\"mg-[^\"]+\">([^<]+)</h2>", html)
    assert headings == ["Critiques", "Concepts", "Tagged passages"]
    critiques = section(html, ">Critiques<", ">Concepts<")
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', critiques) == [
        ("../../essays/reading/", "A reading"),
        ("../../essays/second/", "Second reading"),
    ]
    assert '<span class="mg-summary">A close reading of an essay.</span>' in critiques
    assert 'Broader theme: <a href="../power/">Power</a>' in html
    assert "Also written as: <code>compulsion</code>" in html


def test_tag_page_lists_tagged_passages_with_anchors(knowledge_base):
    site = knowledge_base()
    for tag in ("power", "coercion"):  # 'compulsion' on the heading is coercion's alias
        passages = section(article(site.html(f"tags/{tag}/")), ">Tagged passages<")
        assert '<a href="../../essays/reading/#who-decides">Who decides</a>' in passages
        assert '<span class="mg-where">in A reading</span>' in passages
    assert 'id="who-decides"' in site.html("essays/reading/")


def test_type_labels_and_order_are_configurable(knowledge_base):
    from tests.tags.conftest import PLUGIN

    plugin = {**PLUGIN, "tags": {**PLUGIN["tags"], "type_labels": {"concept": "Ideas"}}}
    html = article(knowledge_base(plugin=plugin).html("tags/coercion/"))
    assert re.findall(r"<h2 id=\"mg-[^\"]+\">([^<]+)</h2>", html)[:2] == ["Ideas", "Critique"]


def test_aliases_are_normalised_silently_everywhere(knowledge_base):
    site = knowledge_base(strict=True)
    assert site.warnings == []
    reading = site.html("essays/reading/")
    chips = re.search(r'<nav class="md-tags" >(.*?)</nav>', reading, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)" class="md-tag">([^<]+)</a>', chips) == [
        ("../../tags/coercion/", "Coercion"),
        ("../../tags/well-being/", "Well-being"),  # written 'wellbeing'
    ]
    assert indexed_pages(site.site_dir)["/essays/reading/"].filters["tag"] == [
        "coercion",
        "well-being",
    ]


def test_an_unknown_tag_names_its_line_and_the_closest_tag(knowledge_base):
    bad = "---\ntitle: Bad\ntags:\n  - coercion\n  - welbeing\n  - zzzzzz\n---\n\n# Bad\n"
    site = knowledge_base({"docs/essays/bad.md": bad}, strict=True)
    assert site.aborted
    assert site.messages_with("tags.unknown") == [
        "marginalia: docs/essays/bad.md:5: tag 'welbeing' is not in data/tags.yml — did you mean well-being? [tags.unknown]",
        "marginalia: docs/essays/bad.md:6: tag 'zzzzzz' is not in data/tags.yml — use a tag from data/tags.yml or add it there [tags.unknown]",
    ]


def test_unknown_tags_on_margin_notes_are_found_in_rendered_html(knowledge_base):
    # The annotations feature renders notes as elements with class mg-note and data-tags;
    # raw HTML stands in for it here, so this test does not depend on its syntax.
    page = (
        "---\ntitle: Notes\n---\n\n# Notes\n\n"
        '<aside class="mg-note" id="n1" data-tags="coercion powerr">\n'
        "A note on who decides.\n</aside>\n"
    )
    site = knowledge_base({"docs/essays/notes.md": page}, strict=True)
    assert site.messages_with("tags.unknown") == [
        "marginalia: docs/essays/notes.md:7: tag 'powerr' on passage #n1 is not in data/tags.yml — did you mean power? [tags.unknown]"
    ]
    passages = section(article(site.html("tags/coercion/")), ">Tagged passages<")
    assert '<a href="../../essays/notes/#n1">A note on who decides.</a>' in passages


def test_related_pages_are_grouped_by_type_and_ranked(knowledge_base):
    html = article(knowledge_base().html("essays/reading/"))
    related = section(html, 'id="mg-related"', 'id="mg-linked-from"')
    assert re.findall(r"<h3>([^<]+)</h3>", related) == ["Critiques", "Projects", "Concepts"]
    assert re.findall(r'<li><a href="([^"]+)">', related) == [
        "../second/",
        "../../projects/up2us/",
        "../../concepts/power/",
    ]
    assert '<span class="mg-why">shares Well-being</span>' in related


def test_related_limit_keeps_the_best_scoring_pages(knowledge_base):
    from tests.tags.conftest import PLUGIN

    plugin = {**PLUGIN, "tags": {**PLUGIN["tags"], "related_limit": 1}}
    html = article(knowledge_base(plugin=plugin).html("concepts/power/"))
    related = section(html, 'id="mg-related"', 'id="mg-linked-from"')
    # Power shares coercion with both essays; "A reading" wins the tie on title.
    assert re.findall(r'<li><a href="([^"]+)">', related) == ["../../essays/reading/"]


def test_linked_from_lists_the_pages_linking_here_but_not_tag_pages(knowledge_base):
    site = knowledge_base()
    linked = section(article(site.html("essays/reading/")), 'id="mg-linked-from"')
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', linked) == [
        ("../../", "Home"),
        ("../second/", "Second reading"),
        ("../../projects/up2us/", "up2us"),
    ]
    # Each with the sentence of its link, the link's words marked, out of search.
    contexts = re.findall(r'<span class="mg-context" data-search-exclude>(.*?)</span>', linked)
    assert contexts == [
        "See <mark>the reading</mark>.",
        "Back to <mark>the first</mark>.",
        "Discussed in <mark>a reading</mark>.",
    ]
    lonely = section(article(site.html("essays/second/")), 'id="mg-linked-from"')
    assert '<p class="mg-empty">No page links here yet.</p>' in lonely


def test_backlink_context_can_be_turned_off_keeping_the_backlinks(knowledge_base):
    from tests.tags.conftest import PLUGIN

    plugin = {**PLUGIN, "tags": {**PLUGIN["tags"], "backlink_context": False}}
    linked = section(
        article(knowledge_base(plugin=plugin).html("essays/reading/")), 'id="mg-linked-from"'
    )
    assert len(re.findall(r"<li><a href=", linked)) == 3
    assert "mg-context" not in linked


def test_code_in_a_linking_sentence_is_shown_as_written_not_read_as_a_link(knowledge_base):
    extra = {
        "docs/essays/second.md": (
            "---\ntitle: Second reading\ntype: critique\n---\n\n# Second reading\n\n"
            "Unlike `[@not-a-key](reading.md)` in code, [the first](reading.md) holds.\n"
        )
    }
    linked = section(article(knowledge_base(extra).html("essays/reading/")), 'id="mg-linked-from"')
    assert "Unlike [@not-a-key](reading.md) in code, <mark>the first</mark> holds." in linked


def test_every_content_page_has_both_sections_and_site_pages_have_none(knowledge_base):
    site = knowledge_base()
    for path in ("essays/reading/", "essays/second/", "projects/up2us/", "concepts/power/"):
        html = site.html(path)
        assert html.count('id="mg-related"') == 1 and html.count('id="mg-linked-from"') == 1
    assert "mg-crosslinks" not in site.html("")
    assert "mg-crosslinks" not in site.html("tags/coercion/")


def test_front_matter_and_summaries_are_escaped(knowledge_base):
    page = (
        '---\ntitle: "<b>Bold</b>"\nsummary: "a <script>x</script>"\ntags: [coercion]\n---\n\n# T\n'
    )
    site = knowledge_base({"docs/essays/evil.md": page})
    html = article(site.html("tags/coercion/"))
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold</b>" not in html
    assert "a &lt;script&gt;x&lt;/script&gt;" in html


def test_the_graph_export_holds_every_node_and_edge(knowledge_base):
    site = knowledge_base()
    data = json.loads((site.site_dir / "graph.json").read_text())
    assert data["version"] == 1
    assert {"page:essays/reading.md", "page:projects/up2us.md"} <= {p["id"] for p in data["pages"]}
    coercion = next(t for t in data["tags"] if t["id"] == "tag:coercion")
    assert coercion == {
        "id": "tag:coercion",
        "tag": "coercion",
        "label": "Coercion",
        "url": "tags/coercion/",
        "parent": "tag:power",
        "aliases": ["compulsion"],
    }
    assert data["passages"] == [
        {
            "id": "passage:essays/reading.md#who-decides",
            "page": "page:essays/reading.md",
            "anchor": "who-decides",
            "url": "essays/reading/#who-decides",
            "title": "Who decides",
            "kind": "section",
        }
    ]
    edges = {(e["source"], e["target"], e["kind"]) for e in data["edges"]}
    assert ("page:essays/reading.md", "tag:well-being", "page-tag") in edges
    assert ("passage:essays/reading.md#who-decides", "tag:coercion", "passage-tag") in edges
    assert ("page:projects/up2us.md", "page:essays/reading.md", "page-page") in edges
    assert data["references"] == []  # this site cites nothing
    ids = {n["id"] for kind in ("pages", "tags", "passages", "references") for n in data[kind]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])


def test_without_a_vocabulary_related_and_backlinks_still_work(build_site):
    from tests.tags.conftest import PLUGIN

    plugin = {"pages": PLUGIN["pages"]}
    site = build_site(dict(PAGES), plugin=plugin, strict=True)
    assert not site.aborted
    html = site.html("essays/reading/")
    assert 'id="mg-related"' in html and "../second/" in section(html, 'id="mg-related"')
    assert not (site.site_dir / "tags").exists()


def test_shared_citations_rank_related_pages_in_a_built_site(knowledge_base):
    from tests.tags.conftest import PLUGIN

    bib = (
        "@book{one, author={A, B}, title={One}, year={2000}, publisher={P}}\n"
        "@book{two, author={C, D}, title={Two}, year={2001}, publisher={P}}\n"
    )
    cites = (
        "---\ntitle: {t}\nsummary: S.\ntags: [recovery]\n---\n\n# {t}\n\nAs argued [@one; @two].\n"
    )
    extra = {
        "bib/refs.bib": bib,
        "docs/essays/citing.md": cites.replace("{t}", "Citing"),
        "docs/projects/also-citing.md": cites.replace("{t}", "Also citing"),
        "docs/concepts/tagged.md": "---\ntitle: Tagged\ntags: [recovery]\n---\n\n# Tagged\n",
    }
    plugin = {**PLUGIN, "citations": {"bibliography": ["bib/refs.bib"]}}
    site = knowledge_base(extra, plugin=plugin)
    related = section(
        article(site.html("essays/citing/")), 'id="mg-related"', 'id="mg-linked-from"'
    )
    # One shared tag + two shared works (1 + 2 × 0.5) outranks the shared tag alone.
    assert '<span class="mg-why">shares Recovery; cites 2 of the same works</span>' in related
    graph = json.loads((site.site_dir / "graph.json").read_text())
    edges = {(e["source"], e["target"]) for e in graph["edges"] if e["kind"] == "page-reference"}
    assert ("page:essays/citing.md", "ref:one") in edges


def test_a_hand_written_tag_page_keeps_its_text_and_gets_the_listing(knowledge_base):
    page = "# Coercion by hand\n\nOur own words.\n\n<!-- marginalia:tag-listing coercion -->\n\nAfter.\n"
    html = article(knowledge_base({"docs/tags/coercion.md": page}).html("tags/coercion/"))
    assert "Our own words." in html
    assert (
        html.index("Our own words.") < html.index('class="mg-tag-listing"') < html.index("After.")
    )
    assert '<a href="../../essays/second/">Second reading</a>' in html


def test_related_and_linked_from_are_in_the_page_and_its_toc_but_not_in_search(knowledge_base):
    site = knowledge_base()
    reading = indexed_pages(site.site_dir).get("/essays/reading/")
    assert reading, "the page is indexed"
    assert [anchor for anchor, _ in reading.headings] == ["a-reading", "who-decides"]
    text = reading.title + " " + reading.content
    assert "Related" not in text and "Second reading" not in text and "Linked from" not in text
    html = site.html("essays/reading/")
    assert "marginalia:crosslinks" not in html
    crosslinks = section(article(html), '<aside class="mg-crosslinks"', "</aside>")
    assert '<h2 id="mg-related">Related</h2>' in crosslinks
    assert '<a href="../second/">Second reading</a>' in crosslinks
    assert '<h2 id="mg-linked-from">Linked from</h2>' in crosslinks
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#([a-z-]+)"', toc) == ["who-decides", "mg-related", "mg-linked-from"]


def test_with_materials_search_plugin_the_sections_are_neither_parsed_nor_indexed(
    knowledge_base,
):
    # A site may keep Material's search: its plugin reads page.content before the sections
    # are written into the page, so it neither parses nor indexes them.
    from tests.tags.conftest import PLUGIN

    plugin = {**PLUGIN, "search": {"enabled": False}}
    site = knowledge_base(plugin=plugin, config={"plugins": ["search", {"marginalia": plugin}]})
    search = json.loads((site.site_dir / "search/search_index.json").read_text())
    reading = [d for d in search["docs"] if d["location"].startswith("essays/reading/")]
    assert {d["location"] for d in reading} == {"essays/reading/", "essays/reading/#who-decides"}
    text = " ".join(d["title"] + " " + d["text"] for d in reading)
    assert "Related" not in text and "Second reading" not in text and "Linked from" not in text
    assert '<h2 id="mg-related">Related</h2>' in site.html("essays/reading/")


@pytest.mark.parametrize(
    ("options", "anchors"),
    [
        ({"related": False}, ["mg-linked-from"]),
        ({"backlinks": False}, ["mg-related"]),
        ({"related": False, "backlinks": False}, []),
    ],
)
def test_a_section_turned_off_is_neither_in_the_page_nor_in_its_toc(
    knowledge_base, options, anchors
):
    from tests.tags.conftest import PLUGIN

    plugin = {**PLUGIN, "tags": {**PLUGIN["tags"], **options}}
    html = knowledge_base(plugin=plugin, strict=True).html("essays/reading/")
    assert re.findall(r'<h2 id="(mg-[a-z-]+)"', article(html)) == anchors
    toc = re.search(r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.S).group(0)
    assert re.findall(r'href="#(mg-[a-z-]+)"', toc) == anchors
    assert "marginalia:crosslinks" not in html
    assert ("mg-crosslinks" in html) == bool(anchors)


def test_the_sections_written_by_tags_appear_in_the_table_of_contents(knowledge_base):
    site = knowledge_base()
    toc = re.search(
        r'<nav class="md-nav md-nav--secondary".*?</nav>', site.html("tags/coercion/"), re.S
    )
    assert re.findall(r'href="#(mg-[a-z-]+)"', toc.group(0)) == [
        "mg-critique",
        "mg-concept",
        "mg-tagged-passages",
    ]
    toc = re.search(
        r'<nav class="md-nav md-nav--secondary".*?</nav>', site.html("essays/reading/"), re.S
    )
    assert re.findall(r'href="#(mg-[a-z-]+)"', toc.group(0)) == ["mg-related", "mg-linked-from"]


def test_an_unknown_tag_on_a_real_margin_note_points_at_its_tags_line(knowledge_base):
    page = (
        "---\ntitle: Annotated\n---\n\n# Annotated\n\n"
        "Earlier, prose names tags and powr: it is not where the tag was given.\n\n"
        "A claim about [who decides]{>who}.\n\n"
        "/// annotation | who\n"
        "    tags: [coercion, powr]\n\n"
        "The note.\n"
        "///\n"
    )
    site = knowledge_base({"docs/essays/annotated.md": page})
    messages = site.messages_with("tags.unknown")
    assert len(messages) == 1
    assert re.fullmatch(
        r"marginalia: docs/essays/annotated\.md:12: tag 'powr' on passage #[\w-]+ is not in "
        r"data/tags\.yml — did you mean power\? \[tags\.unknown\]",
        messages[0],
    ), messages


def test_tag_pages_join_the_navigation_after_the_tag_index(knowledge_base):
    nav = {
        "nav": [
            {"Home": "index.md"},
            {"Essays": ["essays/reading.md", "essays/second.md"]},
            {"Projects": ["projects/up2us.md"]},
            {"Concepts": ["concepts/power.md"]},
            {"Tags": ["tags/index.md"]},
        ]
    }
    index = "---\ntitle: All tags\n---\n\n# All tags\n\n<!-- marginalia:tag-index -->\n"
    site = knowledge_base({"docs/tags/index.md": index}, config=nav, strict=True)
    assert not site.aborted, site.warnings
    html = site.html("tags/coercion/")
    primary = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S).group(
        0
    )
    labels = re.findall(
        r'<a href="\.\./([a-z-]+)/" class="md-nav__link">\s*<span class="md-ellipsis">\s*(\S+)',
        primary,
    )
    assert [label for _, label in labels] == [
        "Power",
        "Recovery",
        "Well-being",
    ]  # Coercion is active
    # "Next" walks from the index through the tags, sorted by label.
    assert '<link rel="prev" href="../">' in html  # the tag index
    assert '<link rel="next" href="../power/">' in html


def test_a_passage_title_reads_its_citations_as_rendered(knowledge_base):
    from tests.tags.conftest import PLUGIN

    bib = "@book{one, author={Ostrom, Elinor}, title={One}, year={1996}, publisher={P}}\n"
    page = (
        "---\ntitle: Citing\nsummary: S.\ntags: [power]\n---\n\n# Citing\n\n"
        "Where [the word]{>traced} comes from.\n\n"
        "/// annotation | traced\n    tags: [power]\n\nThe term is traced to @one, and further.\n///\n"
    )
    plugin = {**PLUGIN, "citations": {"bibliography": ["bib/refs.bib"]}}
    site = knowledge_base({"bib/refs.bib": bib, "docs/essays/citing.md": page}, plugin=plugin)
    passages = section(article(site.html("tags/power/")), ">Tagged passages<")
    assert ">Note 1: The term is traced to Ostrom (1996), and further.</a>" in passages
