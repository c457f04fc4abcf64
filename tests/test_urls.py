"""Relative links between built pages, with fragments and the home page."""

from __future__ import annotations

import pytest

from marginalia.urls import relative_link


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
