"""Ranking related pages by shared tags and citations; backlinks."""

from __future__ import annotations

import random

import pytest

from marginalia.site import CitationUse, PageInfo
from marginalia.tags.related import RelatedIndex, backlinks


def _page(path: str, tags: list[str], keys: list[str] = (), title: str = "") -> PageInfo:
    uses = [CitationUse(key, f"cite-{i}") for i, key in enumerate(keys)]
    return PageInfo(path, path, title=title or path, type="critique", tags=tags, citations=uses)


PAGES = [
    _page("a.md", ["power", "coercion"], ["ostrom", "cahn"]),
    _page("b.md", ["power", "coercion"]),  # 2 tags
    _page("c.md", ["power"], ["ostrom", "cahn"]),  # 1 tag + 2 works
    _page("d.md", ["well-being"], ["ostrom"]),  # 1 work
    _page("e.md", ["recovery"]),  # nothing shared
    _page("f.md", ["coercion"], title="Alpha"),  # 1 tag, ties with g by score
    _page("g.md", ["coercion"], title="Beta"),
]


def _ranked(index: RelatedIndex, limit: int = 10) -> list[tuple[str, float]]:
    return [(r.page.src_path, r.score) for r in index.related("a.md", limit)]


def test_pages_rank_by_weighted_shared_tags_and_citations():
    index = RelatedIndex(PAGES, tag_weight=1.0, citation_weight=0.5)
    assert _ranked(index) == [
        ("b.md", 2.0),
        ("c.md", 2.0),
        ("f.md", 1.0),  # ties broken by title: "Alpha" before "Beta"
        ("g.md", 1.0),
        ("d.md", 0.5),
    ]


def test_weights_change_the_order_and_zero_weight_ignores_a_signal():
    by_citation = RelatedIndex(PAGES, tag_weight=0.1, citation_weight=1.0)
    assert [p for p, _ in _ranked(by_citation)][:2] == ["c.md", "d.md"]
    tags_only = RelatedIndex(PAGES, tag_weight=1.0, citation_weight=0.0)
    assert "d.md" not in [p for p, _ in _ranked(tags_only)]


def test_the_limit_keeps_the_best_and_says_why():
    index = RelatedIndex(PAGES)
    best = index.related("a.md", 2)
    assert [r.page.src_path for r in best] == ["b.md", "c.md"]
    assert best[1].shared_tags == ("power",)
    assert best[1].shared_keys == ("ostrom", "cahn")
    assert index.related("a.md", 0) == []
    assert index.related("missing.md", 3) == []


def test_backlinks_invert_links_and_skip_self_links():
    pages = [
        PageInfo("a.md", "a/", title="A", links_to={"b.md", "a.md"}),
        PageInfo("c.md", "c/", title="C", links_to={"b.md"}),
        PageInfo("b.md", "b/", title="B", links_to=set()),
    ]
    incoming = backlinks(pages)
    assert [p.src_path for p in incoming["b.md"]] == ["a.md", "c.md"]
    assert "a.md" not in incoming


def test_ranking_2000_pages_agrees_with_scoring_every_pair():
    # The size the benchmark measures; its speed is measured there (scripts/bench), not here.
    tags = ["power", "coercion", "well-being", "recovery", "consumerism", "medicalisation"]
    pages = [
        _page(f"p{i}.md", [tags[i % 6], tags[(i * 7) % 6]], [f"k{i % 40}", f"k{(i * 3) % 40}"])
        for i in range(2000)
    ]
    index = RelatedIndex(pages)
    for page in pages[::97]:
        found = [(r.page.src_path, r.score) for r in index.related(page.src_path, 6)]
        assert found == _brute_force(pages, page.src_path, 6, 1.0, 0.5)


def _brute_force(pages, src, limit, tag_weight, citation_weight):
    """Every other page scored one by one: the meaning the indexes must reproduce."""
    me = next(p for p in pages if p.src_path == src)
    scored = []
    for other in pages:
        if other.src_path == src:
            continue
        tags = len(set(me.tags) & set(other.tags))
        keys = len(set(me.cited_keys) & set(other.cited_keys))
        score = tag_weight * tags + citation_weight * keys
        if score > 0:
            scored.append((-score, other.title.lower(), other.src_path))
    return [(path, -negated) for negated, _, path in sorted(scored)[:limit]]


@pytest.mark.parametrize(
    ("tag_weight", "citation_weight"),
    [(1.0, 0.5), (1, 2), (0.3, 0.7), (0, 0.5), (1.0, 0), (1.0, -0.5), (-1.0, 1.0)],
)
@pytest.mark.parametrize("limit", [1, 3, 6, 50])
def test_the_indexes_rank_as_scoring_every_pair_would(tag_weight, citation_weight, limit):
    rnd = random.Random(f"{tag_weight}-{citation_weight}-{limit}")
    vocabulary = [f"t{i}" for i in range(8)]
    works = [f"w{i}" for i in range(30)]
    pages = [
        _page(
            f"p{i:02}.md",
            rnd.sample(vocabulary, rnd.randint(0, 3)),
            rnd.choices(works, [1 / (n + 1) for n in range(30)], k=rnd.randint(0, 5)),
            title=rnd.choice(["Alpha", "beta", "Gamma", ""]),  # many ties on title
        )
        for i in range(60)
    ]
    index = RelatedIndex(pages, tag_weight, citation_weight)
    for page in pages:
        found = [(r.page.src_path, r.score) for r in index.related(page.src_path, limit)]
        assert found == _brute_force(pages, page.src_path, limit, tag_weight, citation_weight)


def test_pages_with_the_same_tags_and_works_list_each_other_and_never_themselves():
    twins = [_page(f"t{i}.md", ["power", "coercion"], ["twin"], title=f"T{i}") for i in range(3)]
    index = RelatedIndex([*twins, *PAGES])
    for twin in twins:
        found = [r.page.src_path for r in index.related(twin.src_path, 3)]
        others = [t.src_path for t in twins if t is not twin]
        assert found[:2] == others  # 2 tags and a work no other page cites: the best score
        assert twin.src_path not in found and len(found) == 3
