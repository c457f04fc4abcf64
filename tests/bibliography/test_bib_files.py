"""Which .bib files a site reads: every bib/*.bib by default, globs, and settings that find
nothing."""

from __future__ import annotations

import logging
import re

import pytest

from marginalia.bibliography.files import BibFilesError, bib_files, watched_folders

A = "@book{cahn2000, author = {Cahn, Edgar S.}, title = {No More Throw-Away People},\n  publisher = {Essential Books}, year = {2000}}\n"
EXTRA = "@misc{extra2021, title = {An extra work}, year = {2021}}\n"
PAGE = "# X\n\nAs @cahn2000 says, and [@extra2021].\n"


def _ours(site) -> list[str]:
    return [m.removeprefix("marginalia: ") for m in site.warnings if "[bib." in m or "[cit" in m]


def test_every_bib_file_in_bib_is_read_by_default(build_site):
    site = build_site({"docs/index.md": PAGE, "bib/a.bib": A, "bib/extra.bib": EXTRA})
    assert _ours(site) == []
    html = site.html("")
    assert 'id="ref-cahn2000"' in html and 'id="ref-extra2021"' in html


def test_a_duplicate_key_in_two_files_is_one_fault_naming_both(build_site):
    site = build_site(
        {"docs/index.md": PAGE, "bib/a.bib": A + EXTRA, "bib/b.bib": "% a copy\n" + EXTRA},
        strict=True,
    )
    assert site.aborted
    assert _ours(site) == [
        "bib/b.bib:2: duplicate key 'extra2021' (first defined at bib/a.bib:3) — give one of "
        "the two entries another key, or delete the copy [bib.duplicate-key]"
    ]


def test_globs_in_the_setting(build_site):
    site = build_site(
        {"docs/index.md": PAGE, "refs/2000/a.bib": A, "refs/more/extra.bib": EXTRA},
        plugin={"citations": {"bibliography": ["refs/**/*.bib"]}},
    )
    assert _ours(site) == []
    assert 'id="ref-extra2021"' in site.html("")


def test_a_glob_that_matches_nothing_is_a_configuration_error(build_site):
    site = build_site(
        {"docs/index.md": PAGE, "bib/a.bib": A},
        plugin={"citations": {"bibliography": ["bib/*.bib", "refs/*.bib"]}},
    )
    assert site.aborted
    assert "citations.bibliography: 'refs/*.bib' matches no file" in "\n".join(site.warnings)


def test_no_bib_folder_and_no_setting_leaves_citations_as_written(build_site, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")  # advisories are logged as info
    site = build_site({"docs/index.md": PAGE}, strict=True)
    assert not site.aborted
    assert len(site.messages_with("citations.no-bibliography")) == 1
    assert "[@extra2021]" in site.html("")


def test_an_empty_setting_reads_no_file(tmp_path):
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "a.bib").write_text(A)
    assert bib_files(tmp_path, []) == []
    assert bib_files(tmp_path, None) == [(tmp_path / "bib" / "a.bib").resolve()]


def test_files_are_read_once_each_in_a_stable_order(tmp_path):
    for name in ("b.bib", "a.bib", "c.txt"):
        (tmp_path / "bib").mkdir(exist_ok=True)
        (tmp_path / "bib" / name).write_text(A)
    found = bib_files(tmp_path, ["bib/b.bib", "bib/*.bib"])
    assert [p.name for p in found] == ["b.bib", "a.bib"]


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        (["bib/none.bib"], "the bibliography file 'bib/none.bib' does not exist"),
        (["bib/*.bibtex"], "'bib/*.bibtex' matches no file"),
    ],
)
def test_settings_that_find_nothing(tmp_path, patterns, message):
    (tmp_path / "bib").mkdir()
    with pytest.raises(BibFilesError, match=re.escape(message)):
        bib_files(tmp_path, patterns)


def test_serve_watches_the_folders_of_the_patterns(tmp_path):
    (tmp_path / "bib").mkdir()
    (tmp_path / "refs" / "x").mkdir(parents=True)
    assert watched_folders(tmp_path, None) == [(tmp_path / "bib").resolve()]
    assert watched_folders(tmp_path, ["refs/**/*.bib", "bib/a.bib"]) == [
        (tmp_path / "refs").resolve()
    ]
