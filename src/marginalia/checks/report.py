"""The check's output: a summary grouped by file, one line per fault, GitHub annotations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

from marginalia.diagnostics import Diagnostic

_LINK_RE = re.compile(r"link(?: to)? '(?P<link>[^']*)'")


def deduplicate(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """One record per fault, sorted by file and line.

    A broken link is seen twice, by MkDocs' own validation (with the link as written) and by
    the rendered-HTML check; the first record of each fault is kept, so the caller lists
    MkDocs' records first. Two broken links on one line stay two faults.
    """
    kept: dict[tuple, Diagnostic] = {}
    for diagnostic in diagnostics:
        kept.setdefault(_fault_key(diagnostic), diagnostic)
    return sorted(kept.values(), key=lambda d: (d.path, d.line or 0, d.code, d.message))


def _fault_key(diagnostic: Diagnostic) -> tuple:
    if not diagnostic.code.startswith("links."):
        return (diagnostic.path, diagnostic.line, diagnostic.code, diagnostic.message)
    link = _LINK_RE.search(diagnostic.message)
    target = link["link"] if link else diagnostic.message
    if diagnostic.code == "links.missing-anchor":
        # MkDocs names the link as written (other.md#x), the HTML check as rendered
        # (../other/#x): the anchor is what both share.
        return (diagnostic.path, diagnostic.line, diagnostic.code, target.rpartition("#")[2])
    # An unrecognized link MkDocs left as is is the same fault as the broken link the HTML
    # check then finds, with the same text.
    return (diagnostic.path, diagnostic.line, "links.broken", target)


def summary(diagnostics: list[Diagnostic]) -> str:
    """The faults grouped by file, then a count, for people reading a terminal or a log."""
    if not diagnostics:
        return "No faults found."
    lines: list[str] = []
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        lines.append(path)
        for d in group:
            where = f"{d.line}" if d.line else "-"
            mark = "error" if d.severity == "error" else "advice"
            fix = f" — {d.fix}" if d.fix else ""
            lines.append(f"  {where:>5}  {mark:<6} {d.message}{fix} [{d.code}]")
        lines.append("")
    errors = sum(1 for d in diagnostics if d.severity == "error")
    advisories = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    lines.append(
        f"{errors} error{'s' * (errors != 1)}, {advisories} "
        f"advisor{'ies' if advisories != 1 else 'y'} in {files} file{'s' * (files != 1)}."
        + (" Errors fail the check; advisories do not." if diagnostics else "")
    )
    return "\n".join(lines)


def lines(diagnostics: Iterable[Diagnostic]) -> str:
    """One line per fault, ``path:line: code: message — fix``, for editors and grep.

    The shape compilers use, so an editor's error list (Vim's quickfix, Emacs'
    compilation mode, VS Code's problem matchers) jumps to each fault; a fault of a whole
    file has no line number (``path: code: ...``).
    """
    out = []
    for d in diagnostics:
        where = f"{d.path}:{d.line}" if d.line else d.path
        fix = f" — {d.fix}" if d.fix else ""
        mark = "" if d.severity == "error" else " (advice: does not fail the check)"
        out.append(f"{where}: {d.code}: {d.message}{fix}{mark}")
    return "\n".join(out)


def annotations(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, one per fault, pinned to the diff."""
    return "\n".join(d.github_annotation() for d in diagnostics)
