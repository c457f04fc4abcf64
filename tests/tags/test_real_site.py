"""The real site, built strictly once: every tag has its page, every content page its links."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
FOLDER_TYPES = {"essays": "critique", "projects": "project", "concepts": "concept"}


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}


def _content_pages() -> dict[str, dict]:
    pages = {}
    for folder in FOLDER_TYPES:
        for path in sorted((REPO / "docs" / folder).glob("*.md")):
            if path.name != "index.md":
                pages[f"{folder}/{path.stem}/"] = _front_matter(path)
    return pages


VOCABULARY = yaml.safe_load((REPO / "data/tags.yml").read_text(encoding="utf-8"))["tags"]
ALIASES = {a: tag for tag, entry in VOCABULARY.items() for a in entry.get("aliases", [])}
PAGES = _content_pages()


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("real-site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return site_dir


@pytest.mark.parametrize("tag", sorted(VOCABULARY))
def test_every_tag_page_lists_exactly_the_pages_carrying_it(real_site, tag):
    html = (real_site / "tags" / tag / "index.html").read_text(encoding="utf-8")
    listing = html[html.index('<div class="mg-tag-listing">') :]
    listing = (
        listing[: listing.index('id="mg-tagged-passages"')]
        if "mg-tagged-passages" in listing
        else listing
    )
    listed = set(re.findall(r'<li><a href="\.\./\.\./([^"#]+)">', listing))
    carrying = {
        url
        for url, meta in PAGES.items()
        if tag in {ALIASES.get(t, t) for t in meta.get("tags") or []}
    }
    assert listed == carrying
    assert carrying, f"no page carries '{tag}'"


@pytest.mark.parametrize("url", sorted(PAGES))
def test_every_content_page_shows_related_and_linked_from(real_site, url):
    html = (real_site / url / "index.html").read_text(encoding="utf-8")
    assert html.count('<h2 id="mg-related">Related</h2>') == 1
    assert html.count('<h2 id="mg-linked-from">Linked from</h2>') == 1
    assert 'class="md-tag"' in html  # the page's tags, as chips


def test_the_tag_index_links_every_tag_and_the_graph_is_whole(real_site):
    index = (real_site / "tags/index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<li><a href="([a-z0-9-]+)/">', index)) == set(VOCABULARY)
    graph = json.loads((real_site / "graph.json").read_text(encoding="utf-8"))
    ids = {n["id"] for kind in ("pages", "tags", "passages", "references") for n in graph[kind]}
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])
    assert {t["tag"] for t in graph["tags"]} == set(VOCABULARY)


CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
SOURCE_PAGES = sorted(p.relative_to(REPO / "docs").as_posix() for p in REPO.glob("docs/**/*.md"))


def _actions(html: str) -> tuple[list[str], list[str]]:
    """The addresses of a page's "Edit this page" and "View source" buttons."""
    edit = re.findall(r'<a href="([^"]*)" title="Edit this page"', html)
    view = re.findall(r'<a href="([^"]*)" title="View source of this page"', html)
    return edit, view


def _built(real_site: Path, src: str) -> str:
    stem = src.removesuffix(".md")
    folder = stem.removesuffix("index") if stem.endswith("index") else stem + "/"
    return (real_site / folder / "index.html").read_text(encoding="utf-8")


def test_the_real_site_names_a_repository_to_edit_in():
    assert CONFIG["repo_url"].startswith("https://")
    assert CONFIG["edit_uri"] == "edit/main/docs/"
    features = CONFIG["theme"]["features"]
    assert "content.action.edit" in features and "content.action.view" in features


@pytest.mark.parametrize("src", SOURCE_PAGES)
def test_every_page_links_to_where_its_source_is_edited_and_viewed(real_site, src):
    repo = CONFIG["repo_url"].rstrip("/")
    assert _actions(_built(real_site, src)) == (
        [f"{repo}/edit/main/docs/{src}"],
        [f"{repo}/blob/main/docs/{src}"],
    )


# Tags without a page of their own in docs/tags/: their pages are generated.
GENERATED_TAGS = sorted(t for t in VOCABULARY if not (REPO / "docs/tags" / f"{t}.md").exists())


def test_the_real_site_has_generated_tag_pages():
    assert len(GENERATED_TAGS) >= 5


@pytest.mark.parametrize("tag", GENERATED_TAGS)
def test_a_generated_tag_page_links_to_the_vocabulary_it_is_made_from(real_site, tag):
    repo = CONFIG["repo_url"].rstrip("/")
    html = (real_site / "tags" / tag / "index.html").read_text(encoding="utf-8")
    assert _actions(html) == (
        [f"{repo}/edit/main/data/tags.yml"],
        [f"{repo}/blob/main/data/tags.yml"],
    )


def test_no_page_asks_a_forge_for_the_repositorys_stars(real_site):
    # Material's "source" component fetches them from the GitHub API on every page.
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in html, page
    assert 'class="md-source"' in (real_site / "index.html").read_text(encoding="utf-8")
