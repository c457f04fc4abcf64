"""The real site's pages a reader's tour goes through, and what their sources say.

Tests compare what the browser shows with the front matter the authors wrote, so that a
changed summary or tag list changes the expectation with it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]

# The real site's pages a reader's tour goes through.
HOME = ""
ESSAY = "essays/co-production-who-is-co-producing-what/"
PROJECT = "projects/mind/"
TAG = "tags/coercion/"
BIBLIOGRAPHY = "bibliography/"
TOUR = [HOME, ESSAY, PROJECT, TAG, BIBLIOGRAPHY]


def front_matter(src_path: str) -> dict:
    """A page's front matter as its author wrote it (``"projects/mind.md"``)."""
    text = (REPO / "docs" / src_path).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}


def pages_tagged(tag: str, folder: str) -> list[str]:
    """Source paths under ``docs/<folder>/`` whose front matter carries ``tag``."""
    found = []
    for path in sorted((REPO / "docs" / folder).glob("*.md")):
        src = path.relative_to(REPO / "docs").as_posix()
        if tag in (front_matter(src).get("tags") or []):
            found.append(src)
    return found
