"""Configuration: styles by name or path, bad options, caches across builds, watched files."""

from __future__ import annotations

import pytest

from marginalia.citations import pandoc
from marginalia.citations.styles import StyleError, bundled_styles_dir, resolve_style
from marginalia.diskcache import prune

BIB = (
    "@book{cahn2000, author = {Cahn, Edgar S.}, title = {No More Throw-Away People},\n"
    "  publisher = {Essential Books}, year = {2000}}\n"
)
PAGE = "# X\n\nAs @cahn2000 [p. 3] says.\n"


def _site(build_site, style="apa", **extra):
    return build_site(
        {"docs/index.md": PAGE, "bib/refs.bib": BIB, **extra.pop("files", {})},
        plugin={"citations": {"bibliography": ["bib/refs.bib"], "style": style, **extra}},
    )


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", ("2000, p. 3", "Cahn, E. S. (2000). <em>No more throw-away people</em>.")),
        ("chicago-author-date", ("2000, 3", "Cahn, Edgar S. 2000. <em>No More Throw-Away")),
        ("harvard-cite-them-right", ("2000, p. 3", "Cahn, E.S. (2000) <em>No more throw-away")),
    ],
)
def test_bundled_styles_by_name(build_site, style, expected):
    locator, reference = expected
    html = _site(build_site, style).html("")
    assert (
        f'Cahn (<span class="mg-cite__item"><a class="mg-cite__link" href="#ref-cahn2000" '
        f'aria-describedby="cite-cahn2000-p1">{locator}</a>' in html
    )
    assert f'<div id="ref-cahn2000" class="csl-entry" role="listitem">\n{reference}' in html


def test_a_csl_file_by_path_relative_to_mkdocs_yml(build_site):
    csl = (bundled_styles_dir() / "chicago-author-date.csl").read_text()
    site = _site(build_site, "styles/house.csl", files={"styles/house.csl": csl})
    assert not site.aborted
    assert ">2000, 3</a>" in site.html("")


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ("apaa", "no bundled citation style is called 'apaa'; did you mean 'apa'?"),
        ("styles/none.csl", "the citation style file 'styles/none.csl' does not exist"),
    ],
)
def test_a_bad_style_is_a_config_error(build_site, style, message):
    site = _site(build_site, style)
    assert site.aborted
    assert any(message in text for _, text in site.logs), site.logs


def test_resolve_style_error_names_the_nearest_style(tmp_path):
    with pytest.raises(StyleError, match="did you mean 'harvard-cite-them-right'"):
        resolve_style("harvard-cite-them-rigt", tmp_path)


def test_a_missing_bib_file_is_a_config_error(build_site):
    site = build_site(
        {"docs/index.md": "# X"}, plugin={"citations": {"bibliography": ["bib/none.bib"]}}
    )
    assert site.aborted
    assert any(
        "citations.bibliography: the bibliography file 'bib/none.bib' does not exist" in text
        for _, text in site.logs
    )


def test_a_locale_changes_the_terms(build_site):
    site = _site(build_site, "apa", locale="de-DE")
    # CSL changes English titles to sentence case only for English locales.
    assert "<em>No More Throw-Away People</em>" in site.html("")


def test_a_rebuild_without_citation_changes_does_not_run_pandoc(build_site, monkeypatch):
    calls = []
    real = pandoc._launch
    monkeypatch.setattr(pandoc, "_launch", lambda *a: calls.append(1) or real(*a))
    pandoc._MEMORY.clear()
    _site(build_site)
    assert calls == [1]
    site = _site(build_site, files={"docs/index.md": PAGE + "\nA new paragraph.\n"})
    assert calls == [1]  # same citations: the cached output is used
    assert "A new paragraph." in site.html("")
    pandoc._MEMORY.clear()  # a new process: the on-disk cache answers
    _site(build_site)
    assert calls == [1]
    _site(build_site, files={"docs/index.md": PAGE + "\nAnd [@cahn2000, p. 9].\n"})
    assert calls == [1, 1]  # a new citation: Pandoc runs again


def _site_with_snippet(build_site, page: str, snippet: str):
    return build_site(
        {"docs/index.md": page, "snippets/part.md": snippet, "bib/refs.bib": BIB},
        plugin={"citations": {"bibliography": ["bib/refs.bib"]}},
        config={
            "markdown_extensions": [
                "attr_list",
                "toc",
                {"pymdownx.snippets": {"base_path": ["snippets"], "check_paths": True}},
            ]
        },
    )


def test_citations_in_snippets_are_resolved(build_site):
    site = _site_with_snippet(
        build_site, '# X\n\n--8<-- "part.md"\n', "Included text cites [@cahn2000, p. 4].\n"
    )
    assert site.warnings == []
    assert ">Cahn, 2000, p. 4</a>" in site.html("")
    assert 'id="ref-cahn2000"' in site.html("")


def test_bib_files_are_watched_by_serve(build_site, monkeypatch):
    from marginalia.mkdocs.citations import CitationsFeature

    watched = []
    real = CitationsFeature.on_config

    def spy(self, config):
        result = real(self, config)
        watched.extend(config.watch)
        return result

    monkeypatch.setattr(CitationsFeature, "on_config", spy)
    _site(build_site)
    assert any(path.endswith("bib/refs.bib") for path in watched)


def test_old_pandoc_outputs_are_pruned(tmp_path):
    import os

    for age in range(12):
        old = tmp_path / f"pandoc-{age:02d}.html"
        old.write_text("x")
        os.utime(old, (1_000_000 + age, 1_000_000 + age))
    (tmp_path / "bib-keep.pickle").write_text("other caches are left alone")
    prune(tmp_path, "pandoc-*.html", keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bib-keep.pickle",
        "pandoc-09.html",
        "pandoc-10.html",
        "pandoc-11.html",
    ]


def test_an_unknown_key_in_a_snippet_is_reported_at_the_snippet_line(build_site):
    site = _site_with_snippet(
        build_site,
        '# X\n\nOwn text.\n\n--8<-- "part.md"\n',
        "First line.\n\nIncluded text cites [@cahn200, p. 4].\n",
    )
    assert [w for w in site.warnings if "unknown-key" in w] == [
        "marginalia: snippets/part.md:3: unknown citation key 'cahn200' — did you mean "
        "'cahn2000'? [citations.unknown-key]"
    ]


def test_the_known_locales_are_those_of_the_pinned_pandoc():
    import re
    from pathlib import Path

    import pypandoc

    from marginalia.citations.styles import PANDOC_LOCALES

    # Pandoc embeds the CSL locale files as they are: their <locale> elements name them.
    binary = Path(pypandoc.get_pandoc_path()).read_bytes()
    found = re.findall(
        rb'<locale xmlns="http://purl.org/net/xbiblio/csl"[^>]*xml:lang="([^"]+)"', binary
    )
    assert {name.decode() for name in found} == PANDOC_LOCALES
