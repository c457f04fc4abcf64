"""The real site, copied, with one fault of every kind planted: one run finds them all.

Each planted fault names the file and the line where a contributor would look for it; the
check must report every one there, in a single run, and fail.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from marginalia.checks.__main__ import run_check
from marginalia.checks.report import annotations

REPO = Path(__file__).resolve().parents[2]


class Planter:
    """Edits a copy of the project and remembers where each fault was planted."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.expected: list[tuple[str, int | None, str]] = []

    def replace(self, rel: str, old: str, new: str, code: str, *, marker: str | None = None):
        """Replace ``old`` once; the fault is on the line holding ``marker`` (default: new)."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {rel}"
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        self.expected.append((rel, self.line_of(rel, marker or new.splitlines()[0]), code))

    def append(self, rel: str, line: str, code: str) -> None:
        path = self.root / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{line}\n")
        self.expected.append((rel, self.line_of(rel, line), code))

    def append_block(self, rel: str, block: str, *faults: tuple[str, str]) -> None:
        """Append several lines; each fault is (marker of its line, code)."""
        path = self.root / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{block}\n")
        self.expected.extend((rel, self.line_of(rel, marker), code) for marker, code in faults)

    def create(self, rel: str, text: str, *faults: tuple[int | None, str]) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.expected.extend((rel, line, code) for line, code in faults)

    def line_of(self, rel: str, marker: str) -> int:
        lines = (self.root / rel).read_text(encoding="utf-8").splitlines()
        (number,) = [n for n, line in enumerate(lines, start=1) if marker in line]
        return number


@pytest.fixture
def planted(tmp_path: Path) -> Planter:
    root = tmp_path / "site"
    for name in ("docs", "bib", "data", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    plant = Planter(root)

    # Links: a page that does not exist, an anchor that does not exist.
    plant.append("docs/concepts/power.md", "See [the lost page](nowhere.md).", "links.broken")
    plant.append(
        "docs/concepts/coercion.md",
        "Compare [power's history](power.md#no-such-section).",
        "links.missing-anchor",
    )
    # A link whose address would run code in the reader's browser.
    plant.append(
        "docs/concepts/power.md", "Or [click here](javascript:alert(1)).", "links.unsafe-url"
    )
    # Tags: a tag not in the vocabulary, a vocabulary entry with a parent that is not a tag.
    plant.replace(
        "docs/concepts/recovery.md",
        "tags: [recovery, medicalisation]",
        "tags: [recovery, medicalization-x]",
        "tags.unknown",
    )
    plant.replace(
        "data/tags.yml",
        "    label: Power\n",
        "    label: Power\n    parent: politics\n",
        "tags.unknown-parent",
        marker="parent: politics",
    )
    # Front matter: YAML that does not parse, a page with no type, a page missing from nav.
    plant.replace(
        "docs/projects/mind.md",
        "title: Mind\n",
        "title: Mind: the charity\n",
        "pages.yaml-error",
    )
    plant.create(
        "docs/notes.md",
        "---\ntitle: Loose notes\n---\n\n# Loose notes\n",
        (1, "pages.missing-type"),
        (None, "build.not-in-nav"),
    )
    # Citations and BibTeX: a key no .bib file defines, a malformed entry, a duplicate key.
    plant.append(
        "docs/concepts/consumerism.md",
        "As argued elsewhere [@nosuchkey2020, p. 4].",
        "citations.unknown-key",
    )
    plant.append_block(
        "bib/references.bib",
        "@book{broken2020,\n  title = {A broken entry} author = {Nobody},\n  year = {2020},\n}",
        ("title = {A broken entry}", "bib.syntax"),
    )
    # A fault in a tag's description is at its line of the vocabulary, not at the tag page.
    plant.replace(
        "data/tags.yml",
        "[@ostrom1996crossing]",
        "[@ostrom1996crosing]",
        "citations.unknown-key",
    )
    # A snippet that does not exist: at the including line, and no other fault is hidden.
    plant.append("docs/concepts/power.md", '--8<-- "no-such-snippet.md"', "pages.missing-snippet")
    plant.append_block(
        "bib/references.bib",
        "@misc{slay2013coproduction,\n  title = {The same key again},\n  year = {2013},\n}",
        ("@misc{slay2013coproduction,", "bib.duplicate-key"),
    )
    return plant


def test_one_run_reports_every_planted_fault_at_its_line(planted):
    found = run_check(planted.root / "mkdocs.yml")
    reported = {(d.path, d.line, d.code) for d in found}
    missing = [fault for fault in planted.expected if fault not in reported]
    shown = sorted(reported, key=str)
    assert missing == [], f"not reported: {missing}\nreported: {shown}"
    # Nothing is blamed on a file where no fault was planted.
    planted_files = {path for path, _, _ in planted.expected}
    stray = sorted(
        (d.path, d.line, d.code)
        for d in found
        if d.severity == "error" and d.path not in planted_files
    )
    assert stray == []
    out = annotations(found)
    for path, line, code in planted.expected:
        where = f",line={line}" if line else ""
        assert f"file={path}{where},title={code}::" in out
