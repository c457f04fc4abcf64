"""The sentence around a link, read from a page's rendered HTML, as "Linked from" shows it."""

from __future__ import annotations

from marginalia.backlinks.context import BacklinkContexts, link_contexts
from marginalia.backlinks.sentence import ELLIPSIS, link_sentence, sentence_ends


def _resolve(href: str) -> str | None:
    return href if href.startswith("../") else None


def context(html: str, target: str = "../x/") -> str:
    return link_contexts(html, _resolve)[target].html()


def test_a_link_at_the_start_of_a_sentence():
    html = '<p>First one. <a href="../x/">Power</a> is relational. Last one.</p>'
    assert context(html) == "<mark>Power</mark> is relational."


def test_a_link_at_the_end_of_a_sentence():
    html = '<p>First one. The essay reads <a href="../x/">power</a>. Last one.</p>'
    assert context(html) == "The essay reads <mark>power</mark>."


def test_several_links_each_get_their_own_sentence_and_the_first_link_to_a_page_counts():
    html = (
        '<p>See <a href="../x/">x</a> here. Then <a href="../y/">y</a> there and '
        '<a href="../x/">x again</a>.</p>'
    )
    found = link_contexts(html, _resolve)
    assert found["../x/"].html() == "See <mark>x</mark> here."
    assert found["../y/"].html() == "Then <mark>y</mark> there and x again."


def test_abbreviations_and_initials_do_not_end_a_sentence():
    html = (
        "<p>Before. Some pages, e.g. the review by E. Ostrom (cf. p. 3), "
        'link to <a href="../x/">co-production</a>. After.</p>'
    )
    assert context(html) == (
        "Some pages, e.g. the review by E. Ostrom (cf. p. 3), link to <mark>co-production</mark>."
    )


def test_markup_inside_the_sentence_is_text_and_inside_the_link_is_marked_whole():
    html = (
        "<p>The <em>annotated</em> reading of <code>&lt;q&gt;</code> and "
        '<a href="../x/">the <strong>review</strong></a>.</p>'
    )
    assert context(html) == ("The annotated reading of &lt;q&gt; and <mark>the review</mark>.")


def test_citations_note_numbers_and_permalinks_are_left_out():
    html = (
        '<p>Traced to Ostrom <span class="mg-cite-pending" data-mg-cite="[@ostrom]">'
        '[@ostrom]</span>; the <a href="../x/">page</a> follows it'
        '<sup class="mg-ref"><a href="#note-1">1</a></sup>.'
        '<a class="headerlink" href="#p">¶</a></p>'
    )
    assert context(html) == "Traced to Ostrom; the <mark>page</mark> follows it."


def test_a_link_alone_in_its_block_has_no_context():
    html = '<ul><li><a href="../x/">Power</a></li></ul><p>See <a href="../y/">y</a>.</p>'
    assert set(link_contexts(html, _resolve)) == {"../y/"}


def test_a_sentence_stays_in_its_block():
    html = '<ul><li>One item</li><li>See <a href="../x/">x</a></li></ul><p>Next block.</p>'
    assert context(html) == "See <mark>x</mark>"


def test_a_very_long_sentence_is_trimmed_at_words_with_ellipses():
    words = " ".join(f"word{i}" for i in range(80))
    html = f'<p>{words} <a href="../x/">link</a> {words}.</p>'
    shown = context(html)
    before, rest = shown.split("<mark>")
    after = rest.split("</mark>")[1]
    assert before.startswith(ELLIPSIS) and after.endswith(ELLIPSIS)
    assert len(before) <= 121 and len(after) <= 122
    assert before[1:].startswith("word") and after[:-1].rstrip().split()[-1].startswith("word")
    assert "<mark>link</mark>" in shown


def test_the_text_is_escaped():
    html = '<p>A &lt;script&gt; &amp; <a href="../x/">&lt;b&gt;</a> "quoted".</p>'
    assert context(html) == "A &lt;script&gt; &amp; <mark>&lt;b&gt;</mark> &quot;quoted&quot;."


def test_a_link_without_text_or_in_skipped_text_has_no_context():
    html = '<p><a href="../x/"><img src="a.png" alt=""></a> and <span data-search-exclude>'
    html += '<a href="../y/">y</a></span>.</p>'
    assert link_contexts(html, _resolve) == {}


def test_sentence_ends_skip_full_stops_inside_words_and_before_lower_case():
    text = "See e.g. this one. It ends. And version 1.2 is fine! Yes? no."
    ends = sentence_ends(text)
    assert [text[:e].rsplit(" ", 1)[-1] for e in ends] == ["one.", "ends.", "fine!"]


def test_link_sentence_keeps_a_long_link_text_short():
    text = "x " * 200
    sentence = link_sentence(text, 0, len(text))
    assert sentence.link.endswith(ELLIPSIS) and len(sentence.link) <= 101


def test_the_store_gives_each_page_the_sentences_of_the_pages_linking_to_it():
    store = BacklinkContexts()
    urls = {"essays/a/": "essays/a.md", "concepts/b/": "concepts/b.md"}
    store.record("essays/a.md", '<p>See <a href="../../concepts/b/">b</a>.</p>', "essays/a/", urls)
    store.record("concepts/b.md", '<p>Self <a href="./">b</a>.</p>', "concepts/b/", urls)
    assert {k: v.html() for k, v in store.for_target("concepts/b.md").items()} == {
        "essays/a.md": "See <mark>b</mark>."
    }
    assert store.for_target("essays/a.md") == {}
