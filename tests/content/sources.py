"""Where the content tests find the repository's pages, its bibliography and the fingerprint
of the source texts."""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from fingerprints import Fingerprints  # noqa: E402  (a module of scripts/)
from fingerprints import words as words  # noqa: E402  (re-exported for the tests)

DOCS = REPO / "docs"
BIB = REPO / "bib"
CONTENT_FOLDERS = ("essays", "projects", "concepts")
# The tags issue #4 asks the vocabulary to hold at least; each has a concept page.
SEED_TAGS = frozenset(
    {
        "co-production",
        "coercion",
        "consumerism",
        "well-being",
        "power",
        "medicalisation",
        "personalisation",
        "recovery",
    }
)


def vocabulary() -> frozenset[str]:
    """The tag ids of ``data/tags.yml`` (pages write ids, not aliases)."""
    data = yaml.safe_load((REPO / "data" / "tags.yml").read_text(encoding="utf-8")) or {}
    return frozenset(data.get("tags") or {})


VOCABULARY = vocabulary()


FINGERPRINTS_FILE = Path(__file__).with_name("source-fingerprints.json")


@functools.cache
def fingerprints() -> Fingerprints:
    """The committed fingerprint of the source texts (made by ``scripts/fingerprint-sources``
    from a local copy; the texts themselves are not in the repository)."""
    return Fingerprints.from_json(FINGERPRINTS_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ContentPage:
    path: Path
    meta: dict
    body: str
    body_line: int  # line number in the file of the first body line

    @property
    def rel(self) -> str:
        return self.path.relative_to(REPO).as_posix()


def read_page(path: Path) -> ContentPage:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return ContentPage(path, {}, text, 1)
    meta = yaml.safe_load(match.group(1)) or {}
    return ContentPage(path, meta, text[match.end() :], match.group(0).count("\n") + 1)


def content_pages() -> list[ContentPage]:
    """Every critique, project and concept page (the folder index pages are site pages)."""
    return [
        read_page(path)
        for folder in CONTENT_FOLDERS
        for path in sorted((DOCS / folder).glob("*.md"))
        if path.name != "index.md"
    ]


def all_pages() -> list[ContentPage]:
    return [read_page(path) for path in sorted(DOCS.rglob("*.md"))]


def bib_entries() -> dict[str, str]:
    """Key → title of every entry in ``bib/*.bib`` (enough for these checks; the citations
    feature parses the files properly)."""
    entries: dict[str, str] = {}
    for bib in sorted(BIB.glob("*.bib")):
        text = bib.read_text(encoding="utf-8")
        for match in re.finditer(r"^@\w+\{([^,\s]+),(.*?)^\}", text, re.DOTALL | re.MULTILINE):
            title = re.search(r"^\s*title\s*=\s*\{(.*)\},?\s*$", match.group(2), re.MULTILINE)
            entries[match.group(1)] = title.group(1) if title else ""
    return entries


def cited_keys(markdown: str) -> list[str]:
    """Citation keys in Pandoc syntax (``[@key]``, ``@key``, ``[-@key]``), outside code."""
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", markdown, flags=re.DOTALL)
    return re.findall(r"(?<![\w.@])-?@([A-Za-z0-9_][\w:./-]*\w|[A-Za-z0-9_])", prose)
