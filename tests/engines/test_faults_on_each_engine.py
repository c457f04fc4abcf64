"""Faults are the same on every engine: each at ``path:line``, all at once, failing the
strict build; and an engine that would drop the marginalia plugin fails saying so."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.engines.conftest import REPO, build, copy_project

_FAULTS = """

## Faults { #faults data-tags="powr" }

Unknown [@nokey2020] and [@ostrom1996crosing].

> A quotation with no citation.

[A bad link](javascript:alert(1))

--8<-- "missing-snippet.md"

Some [target]{>nonote} text.
"""

_EXPECTED = {
    ("docs/concepts/power.md", 4, "tags.unknown"),
    ("docs/concepts/power.md", 42, "tags.unknown"),
    ("docs/concepts/power.md", 44, "citations.unknown-key"),
    ("docs/concepts/power.md", 46, "annotations.uncited-quote"),
    ("docs/concepts/power.md", 48, "links.unsafe-url"),
    ("docs/concepts/power.md", 50, "pages.missing-snippet"),
    ("docs/concepts/power.md", 52, "annotations.missing-note"),
    # Cite this page: a date that is not one, on a project page.
    ("docs/projects/mind.md", 3, "citing.bad-date"),
}


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("faulty"))
    page = project / "docs" / "concepts" / "power.md"
    text = page.read_text(encoding="utf-8").replace("tags: [", "tags: [unknowntag, ", 1)
    page.write_text(text + _FAULTS, encoding="utf-8")
    project_page = project / "docs" / "projects" / "mind.md"
    lines = project_page.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "date: sometime in spring")
    project_page.write_text("\n".join(lines), encoding="utf-8")
    return project


def _faults(outcome) -> list[str]:
    return sorted(d.format() for d in outcome.diagnostics)


def test_every_fault_is_the_same_on_mkdocs_and_zensical(faulty):
    from marginalia.mkdocs.checks import run_build as mkdocs_build
    from marginalia.zensical.build import run_build as zensical_build

    old = os.getcwd()
    try:
        on_mkdocs = mkdocs_build(faulty / "mkdocs.yml", str(faulty / "site-mkdocs"))
        on_zensical = zensical_build(
            faulty / "mkdocs.yml", str(faulty / "site-zensical"), log=lambda line: None
        )
    finally:
        os.chdir(old)
    found = {(d.path, d.line, d.code) for d in on_zensical.diagnostics if d.severity == "error"}
    assert found == _EXPECTED
    assert _faults(on_zensical) == _faults(on_mkdocs)


@pytest.mark.parametrize("engine", ["zensical", "properdocs"])
def test_the_strict_build_prints_every_fault_and_fails(faulty, tmp_path, engine):
    done = build(engine, faulty, tmp_path / "site")
    assert done.returncode == 1
    said = done.stderr
    for path, line, code in _EXPECTED:
        assert f"{path}:{line}: " in said and f"[{code}]" in said
    assert "Traceback" not in said
    if engine == "zensical":
        assert "Aborted with 9 faults in strict mode" in said


def test_plain_zensical_fails_on_a_site_that_names_the_marginalia_plugin(tmp_path):
    project = copy_project(tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "names the marginalia plugin, which this engine does not run" in said
    assert "make build ENGINE=zensical" in said


def test_the_guard_changes_nothing_in_the_mkdocs_build(tmp_path):
    with_guard = copy_project(tmp_path / "with")
    without = copy_project(tmp_path / "without")
    config = (without / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - marginalia.plugin_required\n" in config
    (without / "mkdocs.yml").write_text(
        config.replace("  - marginalia.plugin_required\n", ""), encoding="utf-8"
    )
    sites = []
    for project in (with_guard, without):
        done = build("mkdocs", project, project / "site")
        assert done.returncode == 0, done.stderr
        sites.append(
            {
                p.relative_to(project / "site"): p.read_bytes()
                for p in (project / "site").rglob("*")
                if p.is_file()
            }
        )
    assert sites[0] == sites[1]


def test_the_repository_lists_the_guard():
    assert "- marginalia.plugin_required" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_pdf_that_cannot_be_made_is_the_same_fault_and_link_on_mkdocs_and_zensical(tmp_path):
    from marginalia.mkdocs.checks import run_build as mkdocs_build
    from marginalia.zensical.build import run_build as zensical_build

    project = copy_project(tmp_path / "project")
    essay = project / "docs" / "essays" / "co-production-who-is-co-producing-what.md"
    essay.write_text(
        essay.read_text(encoding="utf-8") + "\n\nA word no PDF font draws: 語.\n", "utf-8"
    )
    line = essay.read_text(encoding="utf-8").splitlines().index("A word no PDF font draws: 語.")
    folder = "essays/co-production-who-is-co-producing-what"
    old = os.getcwd()
    try:
        on_mkdocs = mkdocs_build(project / "mkdocs.yml", str(project / "site-mkdocs"))
        on_zensical = zensical_build(
            project / "mkdocs.yml", str(project / "site-zensical"), log=lambda line: None
        )
    finally:
        os.chdir(old)
    for outcome in (on_mkdocs, on_zensical):
        found = [d for d in outcome.diagnostics if d.code == "downloads.pdf-missing-glyph"]
        assert [(d.path, d.line) for d in found] == [(f"docs/{folder}.md", line + 1)], (
            outcome.diagnostics
        )
        assert "U+8A9E" in found[0].message
    assert _faults(on_zensical) == _faults(on_mkdocs)
    for site in ("site-mkdocs", "site-zensical"):
        page = (project / site / folder / "index.html").read_text(encoding="utf-8")
        assert "co-production-who-is-co-producing-what.epub" in page, site
        assert "co-production-who-is-co-producing-what.pdf" not in page, site
        assert not (project / site / folder / "co-production-who-is-co-producing-what.pdf").exists()
