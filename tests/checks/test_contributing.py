"""Every diagnostic code the publisher can print is explained in docs/contributing.md."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# A quoted "area.kind" string in the code, for any area (a new capability's codes are found
# without touching this test); file names ("index.md") and module names are not codes.
CODE_RE = re.compile(r"[\"']([a-z]+\.[a-z]+(?:-[a-z]+)*)[\"']")
NOT_CODES = re.compile(
    r"^(marginalia|pymdownx|markdown)\.|\.(md|css|js|html|yml|yaml|txt|toml|bib|json|py|csl|png|svg|xml|gz|xhtml|opf)$"
)


def codes_in_source() -> set[str]:
    found = set()
    for source in (REPO / "src").rglob("*.py"):
        for code in CODE_RE.findall(source.read_text(encoding="utf-8")):
            if not NOT_CODES.search(code):
                found.add(code)
    return found


def test_the_source_has_codes_to_explain():
    codes = codes_in_source()
    assert {"links.broken", "pages.missing-type", "external.moved"} <= codes


def test_every_code_in_the_source_is_explained_in_contributing():
    guide = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    explained = set(re.findall(r"^\| `([a-z]+\.[a-z-]+)` \|", guide, flags=re.M))
    missing = sorted(codes_in_source() - explained)
    assert missing == [], f"explain these codes in docs/contributing.md: {missing}"
