"""Pages' citations rendered in a CSL style by Pandoc, all pages in one Pandoc call."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from marginalia.citing.record import PageCitation

_ENTRY_START = re.compile(r'<div id="ref-([^"]+)"[^>]*>')
_DIV_TAG = re.compile(r"<div\b|</div>")
# Pandoc Markdown lets a backslash make any ASCII punctuation character literal.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class CslRenderError(RuntimeError):
    """Pandoc could not render the citations (a broken style file, a missing Pandoc)."""


def to_csl_json(citation: PageCitation) -> dict:
    """The page as a CSL-JSON item of type ``webpage``."""
    item: dict = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "container-title": citation.site_name,
        "URL": citation.url,
    }
    if citation.author:
        # A literal name: a collective is never split into family and given names.
        item["author"] = [{"literal": citation.author}]
    if citation.date:
        item["issued"] = {"date-parts": [citation.date.parts]}
    if citation.language:
        item["language"] = citation.language
    return item


def render_references(
    citations: Sequence[PageCitation], style: Path, locale: str | None = None
) -> dict[str, str]:
    """Each citation's reference as HTML, by key, from one Pandoc run with ``style``
    (in ``locale``, e.g. ``en-GB``, when given; else the style's own)."""
    if not citations:
        return {}
    import pypandoc

    # The references travel in the document's YAML metadata (JSON is YAML), where Pandoc
    # reads every string as Markdown; escaping all ASCII punctuation makes front-matter text
    # literal. A CSL-JSON file would instead interpret <b>, <i>, ... inside titles.
    items = [_literal_item(to_csl_json(c)) for c in citations]
    lang = f"lang: {json.dumps(locale)}\n" if locale else ""
    document = (
        f"---\nreferences: {json.dumps(items, ensure_ascii=False)}\n{lang}nocite: '@*'\n...\n"
    )
    try:
        output = pypandoc.convert_text(
            document,
            "html",
            format="markdown",
            extra_args=["--citeproc", f"--csl={style}", "--wrap=none"],
        )
    except (RuntimeError, OSError) as error:
        raise CslRenderError(str(error).strip()) from error
    return _entries(output)


def _literal_item(item: dict) -> dict:
    literal = {}
    for name, value in item.items():
        if name == "id" or not isinstance(value, str):
            literal[name] = value
        else:
            literal[name] = _MARKDOWN_PUNCTUATION.sub(r"\\\1", value)
    if "author" in item:
        literal["author"] = [
            {k: _MARKDOWN_PUNCTUATION.sub(r"\\\1", v) for k, v in name.items()}
            for name in item["author"]
        ]
    return literal


def _entries(output: str) -> dict[str, str]:
    """Inner HTML of every ``<div id="ref-KEY">`` Pandoc wrote, nested divs included."""
    entries: dict[str, str] = {}
    for start in _ENTRY_START.finditer(output):
        depth = 1
        for tag in _DIV_TAG.finditer(output, start.end()):
            depth += 1 if tag.group() == "<div" else -1
            if depth == 0:
                entries[start.group(1)] = output[start.end() : tag.start()].strip()
                break
    return entries


def style_title(style: Path) -> str:
    """The human name a CSL file gives itself ("American Psychological Association 7th edition")."""
    match = re.search(r"<title>([^<]+)</title>", style.read_text(encoding="utf-8"))
    return match.group(1).strip() if match else style.stem
