"""The search box's styles for Zensical's theme.

marginalia's Pagefind box reuses Material's search markup and classes, so that Material's
styles (both palettes, the phone layout) apply. Zensical's theme styles its own search,
not those classes: without them the box would be an unstyled form over the header. The
rules that name them are taken from the installed Material stylesheet when the sources are
staged, into a stylesheet only Zensical's build links.
"""

from __future__ import annotations

from pathlib import Path

NAME = "material-search.css"


def material_stylesheet() -> Path | None:
    try:
        import material
    except ImportError:
        return None
    folder = Path(material.__file__).resolve().parent / "templates" / "assets" / "stylesheets"
    found = sorted(folder.glob("main.*.min.css"))
    return found[0] if found else None


def search_rules(css: str, needle: str = "md-search") -> str:
    """The rules of ``css`` whose selector names ``needle`` (or that set a ``--needle``
    custom property), inside their at-rules."""
    out: list[str] = []
    for head, body in _blocks(css):
        if head.startswith("@media") or head.startswith("@supports"):
            inner = search_rules(body, needle)
            if inner:
                out.append(f"{head}{{{inner}}}")
        elif not head.startswith("@") and (needle in head or f"--{needle}" in body):
            # Its own selectors, and the custom properties they read (the result icon).
            out.append(f"{head}{{{body}}}")
    return "".join(out)


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level ``head{body}`` pairs (comments and ``@charset``-like lines dropped)."""
    blocks: list[tuple[str, str]] = []
    depth, start, head = 0, 0, ""
    i = 0
    while i < len(css):
        char = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            i = len(css) if end < 0 else end + 2
            if depth == 0:
                start = i
            continue
        if char == "{":
            if depth == 0:
                head = css[start:i].strip()
                start = i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((head, css[start:i]))
                start = i + 1
        elif char == ";" and depth == 0:
            start = i + 1
        i += 1
    return blocks


def write_search_styles(target: Path) -> bool:
    source = material_stylesheet()
    if source is None:
        return False
    target.write_text(
        "/* Material for MkDocs' search styles (MIT), for marginalia's search box. */\n"
        + search_rules(source.read_text(encoding="utf-8"))
        + "\n",
        encoding="utf-8",
    )
    return True
