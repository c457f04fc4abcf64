"""Relative links between built pages, with fragments and the home page."""

from __future__ import annotations

import pytest

from marginalia.urls import relative_link, repository_file_url


@pytest.mark.parametrize(
    ("target", "from_url", "expected"),
    [
        ("bibliography/#ref-a", "essays/x/", "../../bibliography/#ref-a"),
        ("essays/x/#cite-a", "bibliography/", "../essays/x/#cite-a"),
        ("", "essays/x/", "../../"),
        ("#top", "", "./#top"),
        ("essays/x/", "essays/x/", "./"),
        ("essays/y/#s", "essays/x/", "../y/#s"),
        ("a.html#k", "b/c.html", "../a.html#k"),
        ("b/d.html", "b/c.html", "d.html"),
    ],
)
def test_relative_link(target, from_url, expected):
    assert relative_link(target, from_url) == expected


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "docs", "expected"),
    [
        (
            "https://github.com/o/r",
            "edit/main/docs/",
            "docs",
            "https://github.com/o/r/edit/main/data/tags.yml",
        ),
        (
            "https://gitlab.com/o/r/",
            "-/edit/main/site/docs/",
            "site/docs",
            "https://gitlab.com/o/r/-/edit/main/data/tags.yml",
        ),
        ("https://github.com/o/r", "edit/main/mydocs/", "docs", None),
        ("https://github.com/o/r", "edit/main/", "docs", None),
        ("https://github.com/o/r", "", "docs", None),
    ],
)
def test_a_data_file_is_edited_where_the_docs_folder_is(repo_url, edit_uri, docs, expected):
    assert repository_file_url(repo_url, edit_uri, docs, "data/tags.yml") == expected
