"""A new critique, project or concept page whose front matter passes the check.

``scripts/new --type project --title "Some project"`` (or ``make new TYPE=project
TITLE="..."``) writes ``docs/projects/some-project.md`` and adds it to the navigation of
``mkdocs.yml`` next to its section's pages. It never overwrites: an existing slug is refused.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

import yaml

from marginalia.checks.siteconfig import marginalia_options, read_site_config

DEFAULT_FOLDERS = {"critique": "essays", "project": "projects", "concept": "concepts"}
SUMMARY_PLACEHOLDER = "One sentence saying what this page is about (replace it)."

BODIES = {
    "critique": "## The argument\n\n## Reading it closely\n\n## What it leaves open\n",
    "project": "## What it is\n\n## What the sources say\n\n## What is not known\n",
    "concept": "## Definition\n\n## In the critiques\n\n## Related concepts\n",
}


class NewPageError(Exception):
    """Why a page was not created (the message is shown as is)."""


def slugify(title: str) -> str:
    """``"Co-production: Who is co-producing what?"`` → ``"co-production-who-is-co-producing-what"``."""
    # Accents are dropped (é → e); any other character outside a-z and 0-9 separates words.
    decomposed = unicodedata.normalize("NFKD", title)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")
    return slug[:80].rstrip("-")


def page_text(title: str, page_type: str, summary: str, tags: list[str]) -> str:
    """The page: front matter (safely quoted YAML), a heading, the type's sections."""
    front = yaml.safe_dump(
        {"title": title, "type": page_type, "summary": summary, "tags": tags},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=1000,
    )
    return f"---\n{front}---\n\n# {title}\n\n{BODIES.get(page_type, '')}"


def create_page(
    root: Path,
    title: str,
    page_type: str,
    *,
    summary: str = SUMMARY_PLACEHOLDER,
    tags: list[str] | None = None,
) -> Path:
    """Write the page and add it to the nav; raises ``NewPageError`` on any refusal."""
    config_file = root / "mkdocs.yml"
    config_text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    folders = _folders(config_file)
    if page_type not in folders:
        raise NewPageError(f"unknown page type '{page_type}': use one of {', '.join(folders)}")
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise NewPageError("the title needs at least one letter or digit to make a file name")
    rel = f"{folders[page_type]}/{slug}.md"
    target = root / "docs" / rel
    if target.exists():
        raise NewPageError(f"docs/{rel} already exists: choose another title, or edit that page")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page_text(title, page_type, summary, tags or []), encoding="utf-8")
    if config_text:
        updated = add_to_nav(config_text, folders[page_type], rel)
        if updated is not None:
            config_file.write_text(updated, encoding="utf-8")
    return target


def add_to_nav(config_text: str, folder: str, rel: str) -> str | None:
    """``mkdocs.yml`` with ``rel`` listed after the last nav entry of ``folder``, or None.

    A text edit rather than a YAML round trip, so the file's comments and layout survive.
    """
    lines = config_text.splitlines(keepends=True)
    entry = re.compile(rf"^(?P<indent>\s*)- (?:[^:\n]+: )?{re.escape(folder)}/\S+\.md\s*$")
    last = None
    for index, line in enumerate(lines):
        if entry.match(line):
            last = index
    if last is None:
        return None
    indent = entry.match(lines[last])["indent"]  # type: ignore[index]
    lines.insert(last + 1, f"{indent}- {rel}\n")
    return "".join(lines)


def _folders(config_file: Path) -> dict[str, str]:
    """Page type → folder, from the ``types_by_folder`` of ``mkdocs.yml`` if it has one."""
    pages = marginalia_options(read_site_config(config_file)).get("pages") or {}
    by_folder = pages.get("types_by_folder") if isinstance(pages, dict) else None
    if not isinstance(by_folder, dict) or not by_folder:
        return dict(DEFAULT_FOLDERS)
    return {str(t): str(f) for f, t in by_folder.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/new", description=__doc__)
    parser.add_argument("--type", required=True, help="critique, project or concept")
    parser.add_argument("--title", required=True, help="the page's title")
    parser.add_argument("--summary", default=SUMMARY_PLACEHOLDER, help="one line")
    parser.add_argument("--tags", default="", help="comma-separated tags from data/tags.yml")
    parser.add_argument("--root", default=".", help="the project folder (holding mkdocs.yml)")
    args = parser.parse_args(argv)
    tags = [t.strip() for t in args.tags.split(",") if t.strip()]
    try:
        path = create_page(
            Path(args.root), args.title, args.type.strip(), summary=args.summary, tags=tags
        )
    except NewPageError as error:
        print(f"Not created: {error}", file=sys.stderr)
        return 2
    print(
        f"Created {path.relative_to(Path(args.root)).as_posix()}; it is in the nav of mkdocs.yml."
    )
    print("Next: write the summary and tags in its front matter, then run `make check`.")
    return 0
