"""While the site is served, each page shows its faults at its top; a build never does."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

FILES = {
    "docs/index.md": "# Home\n\nSee [B](essays/b.md).\n",
    "docs/essays/a.md": "---\ntitle: A\nsummary: Fine.\n---\n# A\n\nNo faults here.\n",
    "docs/essays/b.md": """
        ---
        title: B <script>
        summary: [unclosed
        ---
        # B

        A [broken link](nowhere.md) and a tag.
        """,
}


def _build(tmp_path: Path, command: str) -> Path:
    """Build as ``mkdocs <command>`` would (serve's live server aside)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path / "project"
    for rel, text in FILES.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    config = {
        "site_name": "Fixture",
        "theme": {"name": "material", "font": False},
        "validation": {"unrecognized_links": "warn"},
        "plugins": [{"marginalia": {"pages": {"types_by_folder": {"essays": "critique"}}}}],
        "nav": ["index.md", "essays/a.md", "essays/b.md"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    cfg.plugins.on_startup(command=command, dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return root / "site"


def test_served_pages_show_their_faults_with_code_line_and_fix(tmp_path):
    site = _build(tmp_path, "serve")
    html = (site / "essays" / "b" / "index.html").read_text(encoding="utf-8")
    start = html.index('<section class="mg-faults" role="alert"')
    notice = html[start : html.index("</section>", start)]
    assert html.index('<article class="md-content__inner') < start  # at the top of the text
    assert '<h2 id="mg-faults-title">This page has 2 faults</h2>' in notice
    assert "<code>docs/essays/b.md</code>" in notice
    assert '<code class="mg-faults__code">pages.yaml-error</code>' in notice
    assert '<span class="mg-faults__where">line 4</span>' in notice
    assert '<code class="mg-faults__code">links.broken</code>' in notice
    assert "line 7" in notice and "nowhere.md" in notice
    assert notice.count("fix: ") == 2
    assert "<script>" not in notice  # every text is escaped
    # A page without faults has no notice.
    assert "mg-faults" not in (site / "essays" / "a" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_a_build_never_shows_the_notice(tmp_path, command):
    site = _build(tmp_path, command)
    for page in site.rglob("*.html"):
        assert "mg-faults" not in page.read_text(encoding="utf-8"), page
