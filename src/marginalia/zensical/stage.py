"""Before Zensical: a staged copy of the sources it builds from.

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so what the plugin adds to the
sources is written here instead: the generated tag pages (and the tag index), their
entries in the navigation, the features' stylesheets and scripts, and the header's
Pagefind search box. The site's own files are copied as they are; the copy is Zensical's
input, never edited by hand (``.cache/marginalia/zensical/``).
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from marginalia.checks.frontmatter import read_front_matter, without_block
from marginalia.zensical import searchstyle
from marginalia.zensical.project import PLUGIN, Project
from marginalia.zensical.searchstyle import write_search_styles

ASSETS = Path(__file__).resolve().parent.parent / "assets"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ASSET_DIR = "assets/marginalia"
# Zensical's header shows its own search (which the site replaces with Pagefind's) only
# when its search plugin is on; the staged header shows marginalia's box instead.
_ZENSICAL_SEARCH = '{% include "partials/search.html" %}'
_OUR_SEARCH = '{% include "partials/pagefind-search.html" %}'


@dataclass(frozen=True)
class Staged:
    folder: Path
    config_path: Path
    docs_dir: Path
    # Each index page of a section over ``navigation.section_limit``, with the pages the
    # navigation no longer lists (its own listing names them).
    pruned: dict[str, list[str]] = field(default_factory=dict)


def stage(
    project: Project,
    generated: Sequence[tuple[str, str]],
    nav_pages: Sequence[str],
    assets: Iterable[str],
    search: bool,
    section_limit: int | None = None,
) -> Staged:
    """Write the staged sources: ``generated`` holds ``(src, Markdown)`` of the pages the
    features make, ``nav_pages`` the tag pages to list after the tag index."""
    folder = project.root / project.options.citations.cache_dir / "zensical"
    docs = folder / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(project.docs_dir, docs)
    _drop_unreadable_front_matter(docs)
    for src, markdown in generated:
        target = docs / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    assets = list(assets)
    (docs / ASSET_DIR).mkdir(parents=True, exist_ok=True)
    for name in assets:
        shutil.copyfile(ASSETS / name, docs / ASSET_DIR / name)
    if search and write_search_styles(docs / ASSET_DIR / searchstyle.NAME):
        assets = [searchstyle.NAME, *assets]  # before marginalia's own search styles
    overrides = _stage_overrides(project, folder / "overrides", search)
    config = _staged_config(project, overrides, nav_pages, assets)
    pruned: dict[str, list[str]] = {}
    if section_limit is not None and config.get("nav"):
        config["nav"] = prune_sections(config["nav"], section_limit, pruned)
    config_path = folder / "mkdocs.yml"
    config_path.write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return Staged(folder, config_path, docs, pruned)


def _drop_unreadable_front_matter(docs: Path) -> None:
    """A front matter block YAML cannot read is left out of the page, as under MkDocs
    (where ``pages.yaml-error`` reports it at its line): Zensical would stop the whole
    build at the first such page, and report no other fault."""
    for page in docs.rglob("*.md"):
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if not text.startswith("---"):
            continue
        front = read_front_matter(text, page.name)
        if any(d.code == "pages.yaml-error" for d in front.diagnostics):
            page.write_text(without_block(text), encoding="utf-8")


def _stage_overrides(project: Project, target: Path, search: bool) -> Path:
    if target.exists():
        shutil.rmtree(target)
    custom = (project.raw.get("theme") or {}).get("custom_dir")
    if custom and (project.root / custom).is_dir():
        shutil.copytree(project.root / custom, target)
    partials = target / "partials"
    partials.mkdir(parents=True, exist_ok=True)
    if search:
        # The site's own partials win, as under MkDocs (its custom_dir comes first).
        own = partials / "pagefind-search.html"
        if not own.exists():
            shutil.copyfile(TEMPLATES / "partials" / "pagefind-search.html", own)
        header = partials / "header.html"
        if not header.exists():
            header.write_text(_zensical_header_with_pagefind(), encoding="utf-8")
    return target


def _zensical_header_with_pagefind() -> str:
    """Zensical's own header partial, its search slot holding marginalia's box."""
    import zensical

    theme = Path(zensical.__file__).resolve().parent / "templates" / "partials" / "header.html"
    text = theme.read_text(encoding="utf-8")
    start = text.index('{% if "search" in config.plugins %}')
    end = text.index("{% endif %}", text.index(_ZENSICAL_SEARCH)) + len("{% endif %}")
    end = text.index("{% endif %}", end) + len("{% endif %}")
    box = (
        '<label class="md-header__button md-icon" for="__search">\n'
        '  {% set icon = config.theme.icon.search or "material/magnify" %}\n'
        '  {% include ".icons/" ~ icon ~ ".svg" %}\n'
        "</label>\n" + _OUR_SEARCH
    )
    return text[:start] + box + text[end:]


def _staged_config(
    project: Project, overrides: Path, nav_pages: Sequence[str], assets: Sequence[str]
) -> dict[str, Any]:
    config = copy.deepcopy(project.raw)
    config["docs_dir"] = "docs"
    # Zensical writes only inside its project folder: the site is moved where it goes.
    config["site_dir"] = "site"
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = str(overrides)
    # Zensical's own look ("modern") is not the one the site's styles and contrast were
    # made for; "classic" is Material's. A site may choose with `theme: variant:`.
    theme.setdefault("variant", "classic")
    config["theme"] = theme
    # The plugin is this driver: Zensical gets no plugin of ours, and its own search is off
    # (Pagefind indexes the site afterwards).
    plugins = [p for p in config.get("plugins") or [] if p != PLUGIN and PLUGIN not in (p or {})]
    config["plugins"] = [*plugins, {"search": {"enabled": False}}]
    config["markdown_extensions"] = [
        _absolute_snippets(entry, project.root)
        for entry in config.get("markdown_extensions") or []
        if entry != "marginalia.plugin_required"
    ]
    css = [a for a in assets if a.endswith(".css")]
    js = [a for a in assets if a.endswith(".js")]
    config["extra_css"] = [*(config.get("extra_css") or []), *(f"{ASSET_DIR}/{a}" for a in css)]
    config["extra_javascript"] = [
        *(config.get("extra_javascript") or []),
        *(f"{ASSET_DIR}/{a}" for a in js),
    ]
    if nav_pages and config.get("nav"):
        config["nav"] = _with_tag_pages(config["nav"], nav_pages, project.options.tags.folder)
    return config


def _absolute_snippets(entry: Any, root: Path) -> Any:
    """Snippets are read from the project, not from the staged copy."""
    if not isinstance(entry, dict) or "pymdownx.snippets" not in entry:
        return entry
    settings = dict(entry["pymdownx.snippets"] or {})
    bases = settings.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases)
    settings["base_path"] = [str((root / b).resolve()) for b in bases]
    return {"pymdownx.snippets": settings}


def _with_tag_pages(nav: list, pages: Sequence[str], folder: str) -> list:
    """The tag pages after the last page of the section that holds the tag index."""
    index = f"{folder.strip('/')}/index.md"

    def holds_index(items: list) -> bool:
        return any(
            item == index or (isinstance(item, dict) and index in item.values()) for item in items
        )

    def walk(items: list) -> list:
        out = []
        for item in items:
            if isinstance(item, dict):
                item = {k: walk(v) if isinstance(v, list) else v for k, v in item.items()}
            out.append(item)
        if holds_index(out):
            listed = {i if isinstance(i, str) else next(iter(i.values())) for i in out}
            out.extend(p for p in pages if p not in listed)
        return out

    return walk(nav)


def _page_of(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and len(item) == 1:
        value = next(iter(item.values()))
        return value if isinstance(value, str) else None
    return None


def prune_sections(nav: list, limit: int, pruned: dict[str, list[str]]) -> list:
    """``nav`` with each section of more than ``limit`` pages (its index page and its
    sub-sections not counted) listing only its index page, as the MkDocs navigation
    feature does; ``pruned`` gets each index page and the pages taken out."""

    def walk(items: list) -> list:
        out = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                ((title, value),) = item.items()
                if isinstance(value, list):
                    item = {title: section(value)}
            out.append(item)
        return out

    def section(children: list) -> list:
        children = walk(children)
        pages = [(i, p) for i, p in ((i, _page_of(c)) for i, c in enumerate(children)) if p]
        index = next((p for _, p in pages if Path(p).stem in ("index", "README")), None)
        others = [p for _, p in pages if p != index]
        if index is None or len(others) <= limit:
            return children
        pruned[index] = others
        gone = {i for i, p in pages if p != index}
        return [c for i, c in enumerate(children) if i not in gone]

    return walk(nav)
