"""Write a synthetic project: pages of each type, a .bib file, a tag vocabulary.

The project has the real repository's layout (``docs/essays``, ``docs/projects``,
``docs/concepts``, ``bib/``, ``data/``) so that the real ``mkdocs.yml`` settings apply to it
unchanged (see ``siteconfig``). Every internal link and anchor it writes exists, so a link
check of the built site must report nothing.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from benchlib.corpus import BibEntry, Corpus, NameShape, Tag

# Share of content pages per type, and the docs/ folder that implies the type.
PAGE_TYPES = (
    ("essays", "critique", 0.25),
    ("projects", "project", 0.5),
    ("concepts", "concept", 0.25),
)
# Chance that a sentence ends with a citation: critiques cite most, project summaries least
# (some 13, 5 and 8 citations a page).
CITE_RATE = {"essays": 0.35, "projects": 0.12, "concepts": 0.2}
SECTIONS = 3  # every page has headings part-1 .. part-3, the targets of anchored links
VOCABULARY_SIZE = 40
FORMAT_VERSION = 7  # bump when the generated files change, so cached projects are rewritten


@dataclass(frozen=True)
class SiteSpec:
    """What to generate: the number of content pages and of references, and the seed."""

    pages: int
    entries: int
    seed: int = 1
    names: NameShape = field(default_factory=NameShape)

    @property
    def name(self) -> str:
        return f"{self.pages}p-{self.entries}e-s{self.seed}{self.names.name}"


@dataclass(frozen=True)
class GeneratedSite:
    """Where a project was written and what it holds."""

    root: Path
    spec: SiteSpec
    content_pages: list[str]  # paths relative to docs/, e.g. "essays/e-0001.md"

    @property
    def content_html(self) -> list[str]:
        """The built HTML of the content pages, relative to the site folder."""
        return [p.removesuffix(".md") + "/index.html" for p in self.content_pages]

    @property
    def edit_target(self) -> Path:
        """The page the rebuild scenario changes: a mid-site project page."""
        return self.root / "docs" / self.content_pages[len(self.content_pages) // 2]


def _page_paths(count: int) -> list[tuple[str, str]]:
    """(docs-relative path, title stem) for ``count`` content pages, spread over the types."""
    paths: list[tuple[str, str]] = []
    for folder, _type, share in PAGE_TYPES:
        n = max(1, round(count * share)) if folder != "concepts" else count - len(paths)
        prefix = folder[0]
        paths += [(f"{folder}/{prefix}-{i:04d}.md", folder) for i in range(1, max(n, 1) + 1)]
    return paths[: max(count, len(PAGE_TYPES))]


def _cite(corpus: Corpus, entries: list[BibEntry]) -> str:
    """One citation in one of Pandoc's forms; popular works are cited more often."""
    rng = corpus.rng

    def key() -> str:
        return entries[int(len(entries) * rng.random() ** 2.5)].key

    form = rng.random()
    if form < 0.45:
        return f"[@{key()}]"
    if form < 0.6:
        return f"[@{key()}, p. {rng.randint(1, 300)}]"
    if form < 0.75:
        return f"[see @{key()}, pp. {rng.randint(1, 50)}-{rng.randint(51, 99)}; @{key()}]"
    if form < 0.85:
        return f"@{key()} [p. {rng.randint(1, 200)}]"
    if form < 0.93:
        return f"[-@{key()}]"
    return f"@{key()}"


def _link(corpus: Corpus, here: str, pages: list[str]) -> str:
    target = corpus.rng.choice(pages)
    href = posixpath.relpath(target, posixpath.dirname(here))
    if corpus.rng.random() < 0.4:
        href += f"#part-{corpus.rng.randint(1, SECTIONS)}"
    return f"[{corpus.phrase(2, 4)}]({href})"


def _paragraph(corpus: Corpus, entries: list[BibEntry], here: str, pages: list[str]) -> str:
    rng = corpus.rng
    rate = CITE_RATE[here.split("/", 1)[0]]
    sentences = []
    for _ in range(rng.randint(4, 7)):
        sentence = corpus.phrase(8, 18).capitalize()
        roll = rng.random()
        if roll < rate:
            sentence += " " + _cite(corpus, entries)
        elif roll < rate + 0.15:
            sentence += " " + _link(corpus, here, pages)
        sentences.append(sentence + ".")
    return " ".join(sentences)


def _page(
    corpus: Corpus, here: str, pages: list[str], entries: list[BibEntry], tags: list[Tag]
) -> str:
    rng = corpus.rng
    front: dict[str, object] = {
        "title": corpus.title(2, 6),
        "summary": corpus.phrase(8, 16).capitalize() + ".",
        "tags": sorted({t.id for t in rng.sample(tags, rng.randint(1, 4))}),
    }
    if rng.random() < 0.05:
        front["nocite"] = [f"@{rng.choice(entries).key}"]
    parts = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True).strip(), "---", ""]
    parts += [_paragraph(corpus, entries, here, pages), ""]
    for section in range(1, SECTIONS + 1):
        attrs = f"#part-{section}"
        if rng.random() < 0.2:  # a passage with tags of its own
            attrs += f' data-tags="{rng.choice(tags).id}"'
        parts += [f"## {corpus.title(2, 5)} {{ {attrs} }}", ""]
        for _ in range(rng.randint(1, 3)):
            parts += [_paragraph(corpus, entries, here, pages), ""]
    return "\n".join(parts), str(front["title"])


def _index_page(title: str, text: str) -> str:
    return f"---\ntitle: {title}\n---\n\n# {title}\n\n{text}\n"


def _vocabulary_yaml(tags: list[Tag]) -> str:
    """The vocabulary in the real ``data/tags.yml`` shape: a mapping of id to its fields."""
    items: dict[str, dict[str, object]] = {}
    for tag in tags:
        item: dict[str, object] = {"label": tag.label, "description": tag.description}
        if tag.parent:
            item["parent"] = tag.parent
        if tag.aliases:
            item["aliases"] = list(tag.aliases)
        items[tag.id] = item
    return yaml.safe_dump({"tags": items}, sort_keys=False, allow_unicode=True)


def _copy_site_files(repo: Path, docs: Path) -> None:
    """The real site's non-content pages and assets that its configuration relies on."""
    source = repo / "docs"
    for rel in ("bibliography.md", "tags/index.md", "map/index.md"):
        if (source / rel).is_file():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / rel, docs / rel)
    for path in source.rglob("*"):
        rel = path.relative_to(source)
        # Stylesheets, scripts, images and snippets: what extra_css or snippets may name.
        if path.is_file() and (path.suffix != ".md" or rel.parts[0] == "snippets"):
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / rel)
    (docs / "snippets").mkdir(exist_ok=True)


def generate(spec: SiteSpec, root: Path, repo: Path) -> GeneratedSite:
    """Write the project for ``spec`` under ``root`` (reused if it is already there)."""
    paths = [p for p, _ in _page_paths(spec.pages)]
    stamp = root / "generated.json"
    # The default name shape is left out, so that sites generated before it existed match.
    described = {k: v for k, v in dataclasses.asdict(spec).items() if k != "names"}
    if spec.names != NameShape():
        described["names"] = dataclasses.asdict(spec.names)
    wanted = {"spec": described, "format": FORMAT_VERSION}
    recorded = json.loads(stamp.read_text()) if stamp.is_file() else {}
    if {k: recorded.get(k) for k in wanted} == wanted:
        _copy_site_files(repo, root / "docs")  # the real site's may have changed since
        return GeneratedSite(root, spec, paths)
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    corpus = Corpus(spec.seed, spec.names)
    entries = corpus.bibliography(spec.entries)
    tags = corpus.vocabulary(VOCABULARY_SIZE)

    (root / "bib").mkdir()
    (root / "bib" / "references.bib").write_text("\n".join(e.bibtex for e in entries), "utf-8")
    (root / "data").mkdir()
    (root / "data" / "tags.yml").write_text(_vocabulary_yaml(tags), "utf-8")

    listings: dict[str, list[str]] = {folder: [] for folder, _type, _share in PAGE_TYPES}
    for here in paths:
        target = docs / here
        target.parent.mkdir(parents=True, exist_ok=True)
        text, title = _page(corpus, here, paths, entries, tags)
        target.write_text(text, "utf-8")
        folder, name = here.split("/", 1)
        listings[folder].append(f"- [{title}]({name})")
    for folder, page_type, _share in PAGE_TYPES:
        # Every page is reachable from its section's index, whether or not the nav lists it
        # (as the real site's index pages list theirs).
        intro = f"Every {page_type} page of the synthetic site.\n\n" + "\n".join(listings[folder])
        (docs / folder / "index.md").write_text(_index_page(folder.capitalize(), intro), "utf-8")
    (docs / "index.md").write_text(
        _index_page("Synthetic site", f"{spec.pages} pages, {spec.entries} references."), "utf-8"
    )
    _copy_site_files(repo, docs)
    stamp.write_text(json.dumps({**wanted, "stats": _stats(docs, paths)}))
    return GeneratedSite(root, spec, paths)


def _stats(docs: Path, paths: list[str]) -> dict[str, int]:
    """Citations, distinct cited works and links: what the build's cost depends on."""
    clusters = keys = links = 0
    cited: set[str] = set()
    for rel in paths:
        text = (docs / rel).read_text("utf-8")
        # Counting only: the generator knows its own forms (never used on real Markdown).
        found = re.findall(r"\[[^\[\]]*@[^\[\]]*\]|(?<![\w\[-])@[\w:]+\w", text)
        clusters += len(found)
        for cluster in found:
            names = re.findall(r"@([\w:]+\w)", cluster)
            keys += len(names)
            cited.update(names)
        links += len(re.findall(r"\]\([^)]+\.md", text))
    return {"clusters": clusters, "citations": keys, "cited_works": len(cited), "links": links}


def site_stats(root: Path) -> dict[str, int]:
    """The statistics recorded when the project was generated."""
    return json.loads((root / "generated.json").read_text()).get("stats", {})
