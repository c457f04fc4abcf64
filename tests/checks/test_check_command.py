"""``python -m marginalia.checks`` on tiny sites: one run, every fault, path:line, exit code."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from marginalia.checks.__main__ import main, run_check

CONFIG = {
    "site_name": "Fixture",
    "site_url": "https://example.org/kb/",
    "theme": {"name": "material", "font": False},
    "markdown_extensions": ["attr_list", "toc"],
    "validation": {"anchors": "warn", "unrecognized_links": "warn", "omitted_files": "warn"},
    "plugins": [{"marginalia": {"pages": {"types_by_folder": {"essays": "critique"}}}}],
    "nav": ["index.md", "essays/a.md", "essays/b.md"],
}


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "project"
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    return root


GOOD_FILES = {
    "docs/index.md": "# Home\n\nRead [A](essays/a.md#method).\n",
    "docs/essays/a.md": """
        ---
        title: A
        summary: The first essay.
        ---
        # A

        ## Method

        See [B](b.md).
        """,
    "docs/essays/b.md": "---\ntitle: B\nsummary: The second.\n---\n# B\n",
}


def test_a_clean_site_passes(tmp_path, capsys):
    root = _project(tmp_path, GOOD_FILES)
    assert run_check(root / "mkdocs.yml") == []
    assert main(["-f", str(root / "mkdocs.yml")]) == 0
    assert "No faults found." in capsys.readouterr().out


def test_every_fault_is_reported_in_one_run_at_its_line(tmp_path, capsys, monkeypatch):
    files = dict(GOOD_FILES)
    files["docs/index.md"] = (
        "# Home\n\nRead [A](essays/a.md#methods).\n\nAnd [C](essays/c.md) or [D](essays/d.md).\n"
    )
    files["docs/essays/b.md"] = "---\ntitle: B\nsummary: [x\n---\n# B\n"
    files["docs/stray.md"] = "# Stray\n"
    root = _project(tmp_path, files)
    found = run_check(root / "mkdocs.yml")
    assert [(d.path, d.line, d.code) for d in found] == [
        ("docs/essays/b.md", 4, "pages.yaml-error"),
        ("docs/index.md", 3, "links.missing-anchor"),
        ("docs/index.md", 5, "links.broken"),
        ("docs/index.md", 5, "links.broken"),
        ("docs/stray.md", None, "build.not-in-nav"),
        ("docs/stray.md", 1, "pages.missing-type"),
    ]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["-f", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert "docs/index.md\n      3  error  this page contains a link 'essays/a.md#methods'" in out
    assert "::error file=docs/index.md,line=5,title=links.broken::" in out
    assert "6 errors, 0 advisories in 3 files." in out


def test_advisories_are_shown_but_do_not_fail(tmp_path, capsys):
    files = dict(GOOD_FILES)
    files["docs/essays/b.md"] = "---\ntitle: B\nsummary: S.\ncolour: red\n---\n# B\n"
    root = _project(tmp_path, files)
    assert main(["-f", str(root / "mkdocs.yml")]) == 0
    out = capsys.readouterr().out
    assert "advice front matter key 'colour' is not read by anything" in out


def test_a_broken_configuration_is_one_fault_not_a_crash(tmp_path):
    root = _project(tmp_path, GOOD_FILES)
    (root / "mkdocs.yml").write_text("site_name: x\ntheme: {name: nonexistent}\n")
    (fault,) = run_check(root / "mkdocs.yml")
    assert (fault.path, fault.code) == ("mkdocs.yml", "build.config")
    assert "nonexistent" in fault.message


def test_each_refused_setting_is_one_fault(tmp_path):
    root = _project(tmp_path, GOOD_FILES)
    plugin = {
        "pages": {"types_by_folder": {"essays": "critique"}},
        "tags": {"related_limit": -1},
        "search": {"timeout": 0},
    }
    config = {**CONFIG, "plugins": [{"marginalia": plugin}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    faults = run_check(root / "mkdocs.yml")
    assert [(f.path, f.code) for f in faults] == [("mkdocs.yml", "build.config")] * 2
    assert "Sub-option 'related_limit': must be 0 or more" in faults[0].message
    assert "Sub-option 'timeout': must be more than 0" in faults[1].message


@pytest.mark.parametrize("flag", [["--github"], []])
def test_annotations_only_when_asked(tmp_path, capsys, monkeypatch, flag):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    files = dict(GOOD_FILES)
    files["docs/index.md"] = "# Home\n\n[C](c.md)\n"
    root = _project(tmp_path, files)
    assert main(["-f", str(root / "mkdocs.yml"), *flag]) == 1
    assert ("::error file=docs/index.md,line=3" in capsys.readouterr().out) == bool(flag)


def test_external_offline_fetches_nothing_and_passes(tmp_path, capsys):
    files = dict(GOOD_FILES)
    files["docs/index.md"] = "# Home\n\n[far](https://example.invalid/page)\n"
    root = _project(tmp_path, files)
    assert main(["--external", "--offline", "-f", str(root / "mkdocs.yml")]) == 0
    assert "No faults found." in capsys.readouterr().out


def test_built_checks_an_existing_folder_without_building(tmp_path, capsys):
    site = tmp_path / "public"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/">A</a><a href="a/#nowhere">A</a>')
    (site / "a" / "index.html").write_text('<h1 id="top-of-a">A</h1><a href="../b/">B</a>')
    assert main(["--built", str(site)]) == 1
    out = capsys.readouterr().out
    assert f"{site}/a/index.html\n      -  error  link to '../b/' leads nowhere" in out
    assert "link to 'a/#nowhere': 'a/' has no anchor '#nowhere'" in out


@pytest.mark.parametrize("github", [True, False])
def test_format_lines_prints_one_line_per_fault_and_keeps_annotations(
    tmp_path, capsys, monkeypatch, github
):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    files = dict(GOOD_FILES)
    files["docs/index.md"] = "# Home\n\n[C](c.md)\n"
    files["docs/essays/b.md"] = "---\ntitle: B\nsummary: [x\n---\n# B\n"
    root = _project(tmp_path, files)
    flags = ["--format", "lines", *(["--github"] if github else [])]
    assert main(["-f", str(root / "mkdocs.yml"), *flags]) == 1
    out = capsys.readouterr().out.splitlines()
    faults = [line for line in out if not line.startswith("::")]
    assert [line.split(": ", 2)[:2] for line in faults] == [
        ["docs/essays/b.md:4", "pages.yaml-error"],
        ["docs/index.md:3", "links.broken"],
    ]
    assert "errors," not in "\n".join(out)  # no grouped summary, no count
    assert any(line.startswith("::error file=docs/index.md,line=3") for line in out) == github


def test_format_lines_of_a_clean_site_prints_nothing(tmp_path, capsys):
    root = _project(tmp_path, GOOD_FILES)
    assert main(["-f", str(root / "mkdocs.yml"), "--format", "lines"]) == 0
    assert capsys.readouterr().out == ""
