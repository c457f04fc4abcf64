"""The publisher's skeleton: the plugin loads, a site builds, faults reach the log."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from marginalia.diagnostics import Diagnostic, DiagnosticList, closest

REPO = Path(__file__).resolve().parents[1]


def test_tiny_site_builds_with_the_plugin(build_site):
    site = build_site({"docs/index.md": "# Hello\n\nA page."})
    assert not site.aborted
    assert "<h1" in site.html("")
    assert "Hello" in site.html("")
    assert site.warnings == []


def test_strict_build_fails_on_a_broken_link(build_site):
    site = build_site(
        {"docs/index.md": "# Hi\n\nSee [missing](nowhere.md)."},
        config={"validation": {"links": {"not_found": "warn"}}},
        strict=True,
    )
    assert site.aborted
    assert any("nowhere.md" in w for w in site.warnings)


def test_diagnostic_format_is_path_line_message_fix_code():
    d = Diagnostic("docs/a.md", 12, "citations.unknown-key", "unknown key 'x'", "did you mean 'y'?")
    assert d.format() == "docs/a.md:12: unknown key 'x' — did you mean 'y'? [citations.unknown-key]"
    assert d.github_annotation().startswith(
        "::error file=docs/a.md,line=12,title=citations.unknown-key::"
    )
    whole_file = Diagnostic("bib/a.bib", None, "bib.x", "bad", severity="advisory")
    assert whole_file.format() == "bib/a.bib: bad [bib.x]"
    assert whole_file.github_annotation().startswith("::warning file=bib/a.bib,title=bib.x::")


def test_diagnostic_list_keeps_every_fault_and_separates_errors():
    faults = DiagnosticList()
    faults.error("a.md", 1, "x.one", "first")
    faults.advisory("a.md", 2, "x.two", "second")
    faults.error("b.md", 3, "x.three", "third")
    assert len(faults) == 3
    assert [d.code for d in faults.errors] == ["x.one", "x.three"]


def test_closest_suggests_a_near_name_and_nothing_for_noise():
    assert closest("wellbeing", ["well-being", "power", "coercion"]) == "well-being"
    assert closest("zzzzzz", ["well-being", "power"]) is None


def test_every_pinned_requirement_is_exact():
    lines = (REPO / "requirements/constraints.txt").read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins, "constraints.txt pins nothing"
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[^=\s]+", p) for p in pins), pins


def test_mkdocs_config_requests_no_outside_fonts_and_validates_links():
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert config["theme"]["font"] == "false"
    assert config["validation"]["anchors"] == "warn"
    assert config["validation"]["unrecognized_links"] == "warn"


def test_the_core_never_imports_mkdocs():
    code = (
        "import sys, importlib, pkgutil, marginalia\n"
        "for m in pkgutil.walk_packages(marginalia.__path__, 'marginalia.'):\n"
        "    if not m.name.startswith('marginalia.mkdocs') and not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n == 'mkdocs' or n.startswith('mkdocs.')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core modules import MkDocs: {out.stdout}"


def test_feature_assets_are_linked_and_copied(build_site):
    site = build_site({"docs/index.md": "# Hi"})
    assert 'href="assets/marginalia/marginalia.css"' in site.html("")
    assert (site.site_dir / "assets/marginalia/marginalia.css").is_file()


def test_front_matter_title_and_description_are_escaped_wherever_the_theme_writes_them(
    build_site,
):
    hostile = "Home <script>alert(1)</script> & <b>more</b>"
    site = build_site(
        {
            "docs/index.md": f'---\ntitle: "{hostile}"\ndescription: \'x" onload="alert(2)\'\n'
            "---\n\n# Hello\n\nText.\n",
            "docs/other.md": "---\ntitle: Other <img src=x onerror=alert(3)>\n---\n\n# Other\n",
        },
        plugin={"pages": {"site_pages": ["*.md"]}},
        config={"theme": {"name": "material", "features": ["navigation.footer"]}},
    )
    for page in ("", "other/"):
        html = site.html(page)
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert 'onload="alert(2)' not in html
        assert "Home &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;" in html
    assert "<title>Home &lt;script&gt;" in site.html("")
