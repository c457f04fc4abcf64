"""Snippets (``pymdownx.snippets``) that name no file: found, located, and never a stop.

With ``check_paths: true`` a missing snippet raises inside Markdown's conversion, which ends
the whole build with one message that names neither the page nor its line and hides every
other fault; without it, the line is dropped in silence. :class:`SnippetGuard`, listed after
``pymdownx.snippets``, wraps that page's snippet preprocessor so that a missing file is
recorded (with the file that includes it) and included as nothing; the MkDocs adapter then
reports each one at its line, and the rest of the page, and of the site, is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown

_MISSING = "\0missing snippet\0"  # never a file name: marks a snippet that was not found


@dataclass(frozen=True)
class MissingSnippet:
    """A snippet that was not found: its name as written, and the file that includes it."""

    name: str
    included_from: str | None = None  # absolute path of the including snippet; None: the page
    reason: str = ""  # set when pymdownx itself gave up (a missing section, a failed URL)


class SnippetGuard(Extension):
    """Records missing snippets of each conversion instead of letting them end the build."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.missing: list[MissingSnippet] = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        if "snippet" in md.preprocessors:
            _guard(md.preprocessors["snippet"], self.missing)

    def take(self) -> list[MissingSnippet]:
        """The missing snippets of the conversions since the last call."""
        found, self.missing[:] = list(self.missing), []
        return found


def _guard(pre: Any, missing: list[MissingSnippet]) -> None:
    """Wrap one preprocessor's lookups (the instance only: pymdownx's class is untouched)."""
    from pymdownx.snippets import SnippetMissingError

    find, read, parse, run = pre.get_snippet_path, pre.read_lines, pre.parse_snippets, pre.run
    including: list[str | None] = []

    def get_snippet_path(path: str) -> str:
        found = find(path)
        if found:
            return found
        missing.append(MissingSnippet(path, including[-1] if including else None))
        return _MISSING + path  # read as no lines below: the rest of the page is kept

    def read_lines(path: str) -> list[str]:
        return [] if path.startswith(_MISSING) else read(path)

    def parse_snippets(lines: list[str], file_name: str | None = None, **options: Any) -> list:
        including.append(file_name)
        try:
            return parse(lines, file_name, **options)
        finally:
            including.pop()

    def guarded_run(lines: list[str]) -> list[str]:
        try:
            return run(list(lines))
        except SnippetMissingError as error:
            # What pymdownx checks itself (a section or a URL): recorded, then the page is
            # converted again without the check, so that it is still built.
            missing.append(MissingSnippet("", None, str(error)))
            checked, pre.check_paths = pre.check_paths, False
            try:
                return run(list(lines))
            finally:
                pre.check_paths = checked

    pre.get_snippet_path = get_snippet_path
    pre.read_lines = read_lines
    pre.parse_snippets = parse_snippets
    pre.run = guarded_run


_SNIPPET_MARK = re.compile(r"(?<!;)-{1,}8<-{1,}")


def snippet_line(source: str, name: str, occurrence: int = 0) -> int | None:
    """The 1-based line of ``source`` that includes the snippet ``name`` (its
    ``occurrence``-th inclusion): ``--8<-- "name"`` on one line, or ``name`` alone on a line
    between two ``--8<--`` lines."""
    lines = source.splitlines()
    found: list[int] = []
    in_block = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if _SNIPPET_MARK.fullmatch(stripped):
            in_block = not in_block
            continue
        inline = _SNIPPET_MARK.match(stripped) and name in stripped
        if inline or (in_block and stripped.split(":", 1)[0] == name.split(":", 1)[0]):
            found.append(number)
    if not found:
        return None
    return found[min(occurrence, len(found) - 1)]
