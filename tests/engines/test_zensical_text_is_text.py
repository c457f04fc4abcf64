"""On Zensical, as on MkDocs, front matter is text: a title or summary holding markup is
shown as written wherever it goes, never run; a block YAML cannot read is reported at its
line and left out, and the other pages are built."""

from __future__ import annotations

import re

import pytest

from tests.engines.conftest import build, copy_project

_TITLE = "Power <img src=x onerror=alert(1)> & more"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("text"))
    page = project / "docs" / "concepts" / "power.md"
    text = page.read_text(encoding="utf-8").replace("title: Power\n", f'title: "{_TITLE}"\n', 1)
    text = text.replace("summary: Who decides", "summary: <b>Bold</b> who decides", 1)
    page.write_text(text, encoding="utf-8")
    (project / "docs" / "concepts" / "broken.md").write_text(
        "---\ntitle: [broken\n---\n# Broken\n", encoding="utf-8"
    )
    done = build("zensical", project, project / "site")
    return project / "site", done


def test_no_page_holds_the_markup_of_front_matter(site):
    folder, _ = site
    for page in folder.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "<b>Bold</b>" not in html, page
    coercion = (folder / "concepts/coercion/index.html").read_text(encoding="utf-8")
    assert "Power &lt;img src=x onerror=alert(1)&gt; &amp; more" in coercion  # navigation
    power = (folder / "concepts/power/index.html").read_text(encoding="utf-8")
    assert "<title>Power &lt;img src=x onerror=alert(1)&gt; &amp; more - " in power


def test_the_previous_and_next_labels_are_escaped_once(site):
    folder, _ = site
    labels = re.findall(
        r'md-footer__link[^"]*" aria-label="([^"]*)"',
        "".join(p.read_text(encoding="utf-8") for p in folder.rglob("index.html")),
    )
    assert "Next: Power &lt;img src=x onerror=alert(1)&gt; &amp; more" in labels
    assert not [label for label in labels if "&amp;amp;" in label or "&amp;lt;" in label]


def test_unreadable_front_matter_is_reported_and_left_out(site):
    folder, done = site
    assert done.returncode == 1
    assert "docs/concepts/broken.md:3: " in done.stderr and "[pages.yaml-error]" in done.stderr
    broken = (folder / "concepts/broken/index.html").read_text(encoding="utf-8")
    assert "[broken" not in broken and (folder / "concepts/power/index.html").is_file()


def test_a_citation_in_a_heading_is_formatted_in_the_table_of_contents(tmp_path):
    from tests.engines.parity import page_facts

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "concepts" / "power.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n## After [@ostrom1996crossing]\n\nText.\n",
        encoding="utf-8",
    )
    tocs = {}
    for engine in ("mkdocs", "zensical"):
        done = build(engine, project, tmp_path / f"site-{engine}")
        assert done.returncode == 0, done.stderr
        tocs[engine] = page_facts(tmp_path / f"site-{engine}" / "concepts/power/index.html")["toc"]
    assert ("#after-ostrom1996crossing", "After (Ostrom, 1996)") in tocs["zensical"]
    assert tocs["zensical"] == tocs["mkdocs"]
