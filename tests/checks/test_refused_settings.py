"""Settings and data files that used to end in a traceback (or to write outside ``site/``)
are refused with one line that names the setting or the file, and its line where it has one.
"""

from __future__ import annotations

import pytest

from marginalia.citations.siterun import available_cores
from marginalia.citations.styles import bundled_styles_dir
from tests.tags.conftest import PAGES, VOCABULARY

TYPES = {"essays": "critique", "projects": "project", "concepts": "concept"}
BIB = "@book{cahn2000, author = {Cahn, Edgar}, title = {T}, publisher = {P}, year = {2000}}\n"


def _config_errors(site) -> list[str]:
    return [m for level, m in site.logs if level == "ERROR"]


def _build(build_site, plugin: dict, files: dict | None = None):
    pages = {"data/tags.yml": VOCABULARY, **PAGES, "bib/refs.bib": BIB, **(files or {})}
    plugin = {"pages": {"types_by_folder": TYPES}, **plugin}
    if "tags" in plugin:
        plugin["tags"] = {"vocabulary": "data/tags.yml", **plugin["tags"]}
    return build_site(pages, plugin=plugin)


# (settings, the one error line, or the part of it that matters)
REFUSED = {
    "type_labels": (
        {"tags": {"type_labels": {"critique": 5}}},
        "Config value 'plugins': Plugin 'marginalia' option 'tags': Sub-option 'type_labels': "
        "'critique: 5' must map a name to a text, as in {critique: Critiques}",
    ),
    "types_by_folder": (
        {"pages": {"types_by_folder": {"essays": 5}}},
        "Config value 'plugins': Plugin 'marginalia' option 'pages': Sub-option "
        "'types_by_folder': 'essays: 5' must map a name to a text, as in {essays: critique}",
    ),
    "graph_file-folder": (
        {"tags": {"graph_file": "assets/"}},
        "Sub-option 'graph_file': 'assets/' is a folder, not a file; give a path inside the "
        "site, such as 'graph.json'",
    ),
    "graph_file-up": (
        {"tags": {"graph_file": "../graph.json"}},
        "Sub-option 'graph_file': '../graph.json' leaves the site folder through '..'",
    ),
    "graph_file-absolute": (
        {"tags": {"graph_file": "/srv/graph.json"}},
        "Sub-option 'graph_file': '/srv/graph.json' is an absolute path",
    ),
    "folder-up": (
        {"tags": {"folder": "../../x"}},
        "Sub-option 'folder': '../../x' leaves the site folder through '..'; give a path "
        "inside the site, such as 'tags'",
    ),
    "folder-absolute": (
        {"tags": {"folder": "/x"}},
        "Sub-option 'folder': '/x' is an absolute path",
    ),
    "related_limit": (
        {"tags": {"related_limit": -1}},
        "Sub-option 'related_limit': must be 0 or more, not -1 (0 lists no related page)",
    ),
    "search-timeout-zero": (
        {"search": {"timeout": 0}},
        "Plugin 'marginalia' option 'search': Sub-option 'timeout': must be more than 0, not 0",
    ),
    "search-timeout-negative": (
        {"search": {"timeout": -5}},
        "Sub-option 'timeout': must be more than 0, not -5",
    ),
    "workers": (
        {"citations": {"bibliography": ["bib/refs.bib"], "workers": 64}},
        "Plugin 'marginalia' option 'citations': Sub-option 'workers': must be between 0 "
        f"(one per core, at most 4) and {available_cores()} (the CPU cores "
        "here), not 64",
    ),
    "locale": (
        {"citations": {"bibliography": ["bib/refs.bib"], "locale": "en-UK"}},
        "Sub-option 'locale': 'en-UK' is not a CSL locale Pandoc knows; for 'en' it has en-GB, "
        "en-US (or leave it unset for the style's own)",
    ),
}


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_setting_is_one_configuration_error(build_site, name):
    plugin, expected = REFUSED[name]
    site = _build(build_site, plugin)
    assert site.aborted
    errors = _config_errors(site)
    assert len(errors) == 1, site.logs
    assert expected in errors[0]
    assert "\n" not in errors[0]
    assert not (site.root / "site").exists()  # refused before anything is written


def test_nothing_is_written_outside_the_site_with_accepted_paths(build_site):
    site = _build(build_site, {"tags": {"folder": "topics/", "graph_file": "data/graph.json"}})
    assert not site.aborted, site.logs
    assert (site.site_dir / "data" / "graph.json").is_file()
    assert (site.site_dir / "topics" / "power" / "index.html").is_file()


def test_a_graph_file_that_is_a_folder_of_the_built_site_is_refused(build_site):
    site = _build(build_site, {"tags": {"graph_file": "assets"}})
    assert site.aborted
    assert _config_errors(site) == [
        "tags: graph_file 'assets' is a folder of the built site; name a file, such as 'graph.json'"
    ]


def test_locales_pandoc_knows_are_accepted(build_site):
    for locale in ("en-GB", "de", "sr-RS"):
        site = _build(
            build_site, {"citations": {"bibliography": ["bib/refs.bib"], "locale": locale}}
        )
        assert not site.aborted, (locale, site.logs)


def _write(tmp_path, rel: str, data: bytes) -> None:
    # The fixture writes text; a file that is not UTF-8 is put in its project beforehand.
    target = tmp_path / "project" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def test_a_vocabulary_that_is_not_utf8_is_an_error_at_its_line(build_site, tmp_path):
    latin1 = VOCABULARY.replace("Who decides.", "Who decides for Ostr\xf6m.").encode("latin-1")
    _write(tmp_path, "data/tags.yml", latin1)
    site = build_site(PAGES, plugin={"tags": {"vocabulary": "data/tags.yml"}})
    assert site.aborted
    assert _config_errors(site) == [
        "tags: data/tags.yml:4: not UTF-8 text (byte 0xf6); re-save the file as UTF-8 (in "
        "most editors: 'Save with encoding', UTF-8)"
    ]


APA = (bundled_styles_dir() / "apa.csl").read_text(encoding="utf-8")
SELF_PARENT = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info>
    <title>House</title>
    <id>http://example.org/house</id>
    <link href="http://example.org/styles/house.csl" rel="independent-parent"/>
  </info>
</style>
"""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "not-utf8",
            APA.replace("American Psychological", "Am\xe9rican Psychological").encode("latin-1"),
            "citations: house.csl:6: not UTF-8 text (byte 0xe9); re-save the file as UTF-8",
        ),
        (
            "self-parent",
            SELF_PARENT.encode(),
            "citations: house.csl:6: the independent-parent links go round in a circle "
            "(house.csl → house.csl); link to the style this one is a variant of",
        ),
        (
            "not-xml",
            APA.replace("</info>", "</inf>", 1).encode(),
            "citations: house.csl:33: not valid XML (mismatched tag, column 5)",
        ),
        (
            "not-csl",
            b'<?xml version="1.0"?>\n<html><body>a page</body></html>\n',
            "citations: house.csl:1: not a CSL style (its root element is <html>",
        ),
    ],
)
def test_a_broken_csl_file_is_one_configuration_error(
    build_site, tmp_path, name, content, expected
):
    _write(tmp_path, "house.csl", content)
    site = build_site(
        {"docs/index.md": "# X\n", "bib/refs.bib": BIB},
        plugin={"citations": {"bibliography": ["bib/refs.bib"], "style": "house.csl"}},
    )
    assert site.aborted
    errors = _config_errors(site)
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    assert "\n" not in errors[0]


def test_every_refused_setting_is_reported_at_once(build_site):
    site = _build(
        build_site,
        {
            "tags": {"related_limit": -1, "graph_file": "../graph.json"},
            "citations": {"bibliography": ["bib/refs.bib"], "workers": 64, "locale": "en-UK"},
        },
    )
    assert site.aborted
    [error] = _config_errors(site)
    lines = error.splitlines()
    assert [line.split(": must")[0].split(": '")[0] for line in lines] == [
        "Config value 'plugins': Plugin 'marginalia' option 'citations': Sub-option 'workers'",
        "Plugin 'marginalia' option 'citations': Sub-option 'locale'",
        "Plugin 'marginalia' option 'tags': Sub-option 'related_limit'",
        "Plugin 'marginalia' option 'tags': Sub-option 'graph_file'",
    ]
