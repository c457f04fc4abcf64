"""``scripts/new``: a page with valid front matter, in the nav, never over an existing one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from marginalia.checks.__main__ import run_check
from marginalia.checks.newpage import add_to_nav, create_page, slugify

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name in ("docs", "bib", "data", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _new(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = str(REPO / "scripts" / "new")
    command = [sys.executable, script, "--root", str(project), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Co-production: Who is co-producing what?", "co-production-who-is-co-producing-what"),
        ("  Héllo   Wörld  ", "hello-world"),
        ("Recovery Colleges (2012–2020)", "recovery-colleges-2012-2020"),
        ("???", ""),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("page_type", ["critique", "project", "concept"])
def test_each_type_gets_a_page_that_passes_the_check(project, page_type):
    page = create_page(project, 'A "new": page', page_type)
    assert (
        page.parent.name
        == {"critique": "essays", "project": "projects", "concept": "concepts"}[page_type]
    )
    assert page.read_text().startswith(f"---\ntitle: 'A \"new\": page'\ntype: {page_type}\n")
    assert f"- {page.parent.name}/a-new-page.md" in (project / "mkdocs.yml").read_text()
    assert run_check(project / "mkdocs.yml") == []


def test_an_existing_slug_is_refused_and_nothing_changes(project):
    existing = project / "docs" / "concepts" / "power.md"
    before = existing.read_text()
    config_before = (project / "mkdocs.yml").read_text()
    done = _new(project, "--type", "concept", "--title", "Power")
    assert done.returncode == 2
    assert "docs/concepts/power.md already exists" in done.stderr
    assert existing.read_text() == before
    assert (project / "mkdocs.yml").read_text() == config_before


def test_an_unknown_type_is_refused(project):
    done = _new(project, "--type", "essay", "--title", "X")
    assert done.returncode == 2
    assert "unknown page type 'essay': use one of critique, project, concept" in done.stderr


def test_nav_insertion_keeps_the_layout():
    config = "nav:\n  - Home: index.md\n  - P:\n      - projects/index.md\n      - projects/a.md\n  - C: c.md\n"
    assert add_to_nav(config, "projects", "projects/b.md") == (
        "nav:\n  - Home: index.md\n  - P:\n      - projects/index.md\n      - projects/a.md\n"
        "      - projects/b.md\n  - C: c.md\n"
    )
    assert add_to_nav(config, "essays", "essays/x.md") is None
