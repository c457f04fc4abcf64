"""Front matter read strictly and checked against a schema per page type.

MkDocs silently drops YAML front matter it cannot parse (the block then renders as text), so
the broken block is parsed again here and its YAML error reported at the right line. The
schema is small on purpose: a content page (critique, project, concept) needs a title, a
type among the configured ones and a one-line summary; ``tags`` and ``nocite`` are lists of
strings wherever they appear. Site pages (the home, index pages, Bibliography, ...) need no
type; a page that is neither is reported, so nothing drops out of the tag listings unseen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

import yaml

from marginalia.diagnostics import Diagnostic, closest

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The same delimiters MkDocs accepts (mkdocs/utils/meta.py), so both read the same block.
_BLOCK_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING_RE = re.compile(r"^-{3}[ \t]*\n")

# Keys MkDocs, Material and marginalia read; anything else is likely a typo.
KNOWN_KEYS = frozenset(
    {
        "title",
        "type",
        "summary",
        "description",
        "tags",
        "nocite",
        "hide",
        "template",
        "search",
        "status",
        "subtitle",
        "icon",
        "authors",
        "date",
        "render_macros",
    }
)

DEFAULT_SITE_PAGES = (
    "index.md",
    "*/index.md",
    "bibliography.md",
    "contributing.md",
    "tags/*",
)


@dataclass(frozen=True)
class PageSchema:
    """What the front matter check needs to know about the site's configuration."""

    types: tuple[str, ...] = ("critique", "project", "concept")
    types_by_folder: Mapping[str, str] = field(default_factory=dict)
    site_pages: tuple[str, ...] = DEFAULT_SITE_PAGES  # glob patterns over src paths
    extra_keys: frozenset[str] = frozenset()

    def is_site_page(self, src_path: str) -> bool:
        return any(fnmatchcase(src_path, pattern) for pattern in self.site_pages)

    @property
    def known_keys(self) -> frozenset[str]:
        return KNOWN_KEYS | self.extra_keys


@dataclass
class FrontMatter:
    """A page's front matter, the line of each top-level key, and what was wrong with it."""

    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    type: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_front_matter(text: str, path: str) -> FrontMatter:
    """Parse the YAML block at the top of ``text``; ``path`` is for the diagnostics."""
    result = FrontMatter()
    text = text.replace("\r\n", "\n")
    match = _BLOCK_RE.match(text)
    if match is None:
        if _OPENING_RE.match(text):
            result.diagnostics.append(
                Diagnostic(
                    path,
                    1,
                    "pages.yaml-error",
                    "the front matter opened here is never closed, so MkDocs shows it as text",
                    "end the block with a line holding only '---'",
                )
            )
        return result
    block = match.group(1)
    try:
        node, data = _parse(block, _Loader)
    except (yaml.YAMLError, ValueError, OverflowError):
        # libyaml's messages are terser; faults are rare, so ask the pure-Python parser
        # (the one MkDocs reads the block with: where they differ, its verdict counts).
        try:
            node, data = _parse(block, yaml.SafeLoader)
        except yaml.YAMLError as error:
            result.diagnostics.append(_yaml_error(error, path))
            return result
        except (ValueError, OverflowError) as error:
            # YAML reads the text, but cannot make a value of it (``date: 2024-13-45``).
            result.diagnostics.append(_value_error(block, error, path))
            return result
    if data is None:
        return result
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        result.diagnostics.append(
            Diagnostic(
                path,
                2,
                "pages.yaml-error",
                "the front matter is not a mapping of keys to values, so MkDocs ignores it",
                "write one 'key: value' per line",
            )
        )
        return result
    result.meta = data
    for key_node, _ in node.value:
        result.key_lines.setdefault(str(key_node.value), key_node.start_mark.line + 2)
    return result


def check_front_matter(src_path: str, text: str, schema: PageSchema, path: str) -> FrontMatter:
    """Read and check one page. ``src_path`` is relative to ``docs/``; ``path`` to the root."""
    front = read_front_matter(text, path)
    if front.diagnostics:
        # Without readable front matter the type can still come from the folder.
        front.type = _folder_type(src_path, schema)
        return front
    meta, lines = front.meta, front.key_lines
    report = front.diagnostics.append

    def line_of(key: str) -> int:
        return lines.get(key, 1)

    declared = meta.get("type")
    if declared is not None:
        if isinstance(declared, str) and declared in schema.types:
            front.type = declared
        else:
            hint = closest(str(declared), schema.types)
            report(
                Diagnostic(
                    path,
                    line_of("type"),
                    "pages.unknown-type",
                    f"page type {_show(declared)} is not one of {', '.join(schema.types)}",
                    f"did you mean '{hint}'?" if hint else f"use one of {', '.join(schema.types)}",
                )
            )
    elif not schema.is_site_page(src_path):
        front.type = _folder_type(src_path, schema)
        if front.type is None:
            report(
                Diagnostic(
                    path,
                    1,
                    "pages.missing-type",
                    "this page has no type, so no listing, tag page or Related section shows it",
                    f"add 'type: {schema.types[0]}' (one of {', '.join(schema.types)}) "
                    "to its front matter, or move it into a typed folder",
                )
            )

    if front.type is not None or (declared is not None and not schema.is_site_page(src_path)):
        _check_content_fields(meta, line_of, path, report)
    elif "title" in meta and not _non_empty_string(meta["title"]):
        report(_not_a_string(path, line_of("title"), "title"))
    _check_lists(meta, line_of, path, report)
    _check_unknown_keys(meta, line_of, path, report, schema.known_keys)
    return front


def _check_content_fields(meta: dict, line_of: Any, path: str, report: Any) -> None:
    if not _non_empty_string(meta.get("title")):
        report(
            Diagnostic(
                path,
                line_of("title"),
                "pages.missing-title",
                "a content page needs a title in its front matter",
                "add 'title: ...' with the page's title",
            )
        )
    summary = meta.get("summary")
    if not _non_empty_string(summary):
        report(
            Diagnostic(
                path,
                line_of("summary"),
                "pages.missing-summary",
                "a content page needs a one-line summary for listings and tag pages",
                "add 'summary: ...', one sentence saying what the page is about",
            )
        )
    elif "\n" in str(summary).strip():
        report(
            Diagnostic(
                path,
                line_of("summary"),
                "pages.multiline-summary",
                "the summary spans several lines; listings show it on one",
                "write it as one sentence on one line (or fold it with 'summary: >-')",
            )
        )


def _check_lists(meta: dict, line_of: Any, path: str, report: Any) -> None:
    for key in ("tags", "nocite"):
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        if not isinstance(value, list) or not all(_non_empty_string(v) for v in value):
            report(
                Diagnostic(
                    path,
                    line_of(key),
                    "pages.bad-list",
                    f"'{key}' must be a list of words, found {_show(value)}",
                    f"write it as '{key}: [a, b]' or one '- item' per line",
                )
            )


def _check_unknown_keys(
    meta: dict, line_of: Any, path: str, report: Any, known: Iterable[str]
) -> None:
    known = sorted(known)
    for key in meta:
        if str(key) in known:
            continue
        hint = closest(str(key), known)
        report(
            Diagnostic(
                path,
                line_of(str(key)),
                "pages.unknown-key",
                f"front matter key '{key}' is not read by anything",
                f"did you mean '{hint}'?" if hint else "remove it, or add it to pages.extra_keys",
                severity="advisory",
            )
        )


def _folder_type(src_path: str, schema: PageSchema) -> str | None:
    if schema.is_site_page(src_path) or "/" not in src_path:
        return None
    return schema.types_by_folder.get(src_path.split("/", 1)[0])


def _non_empty_string(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _not_a_string(path: str, line: int, key: str) -> Diagnostic:
    return Diagnostic(
        path, line, "pages.missing-title", f"'{key}' must be non-empty text", f"write '{key}: ...'"
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _parse(block: str, loader_class: type) -> tuple[Any, Any]:
    """One parse giving both the node tree (for key lines) and the data."""
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _value_error(block: str, error: Exception, path: str) -> Diagnostic:
    """The fault of a value YAML parses but cannot build, at the line of that value."""
    loader = yaml.SafeLoader(block)
    line, shown = 1, ""
    try:
        node = loader.get_single_node()
        for key, value in node.value if isinstance(node, yaml.MappingNode) else ():
            try:
                loader.construct_object(value, deep=True)
            except (ValueError, OverflowError):
                line, shown = value.start_mark.line + 2, f" '{key.value}'"
                break
    except yaml.YAMLError:
        pass  # the fault stays at the block's first line
    finally:
        loader.dispose()
    return Diagnostic(
        path,
        line,
        "pages.yaml-error",
        f"the value of{shown or ' a key'} looks like a date or number but is none ({error}), "
        "so MkDocs ignores all of the front matter",
        "correct it (dates are YYYY-MM-DD), or quote it to keep it as text",
    )


def without_block(markdown: str) -> str:
    """``markdown`` without the front matter block it starts with, if any: MkDocs leaves a
    block it cannot read in the page, where it would show as text (and any HTML in it
    would be markup)."""
    match = _BLOCK_RE.match(markdown.replace("\r\n", "\n"))
    return markdown.replace("\r\n", "\n")[match.end() :] if match else markdown


def _yaml_error(error: yaml.YAMLError, path: str) -> Diagnostic:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for '---'
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return Diagnostic(
        path,
        line,
        "pages.yaml-error",
        f"the front matter is not valid YAML ({problem}), so MkDocs ignores all of it",
        "fix the YAML: quote values holding ': ' or '#', indent lists evenly",
    )
