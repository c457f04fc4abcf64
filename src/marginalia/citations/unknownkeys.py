"""Citation keys no .bib file holds, or whose entry cannot be read: each reported where a
contributor wrote it (the page, the snippet it came from, or the data file a generated page
is made from), with the nearest known key as the fix."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marginalia.bibliography import Bibliography
from marginalia.citations.collect import PageCluster, locate, locate_in_snippets
from marginalia.diagnostics import Diagnostic, closest
from marginalia.site import SourceOrigin


@dataclass(frozen=True)
class KeyPlaces:
    """Where a page's text comes from: the project, the data file that generated it (a tag
    page), the snippet folders its text may be included from."""

    root: Path
    origin: SourceOrigin | None
    snippet_folders: list[Path]


def unknown_keys(
    bib: Bibliography,
    src: str,
    page_source: Callable[[], str],
    abs_src: str | None,
    clusters: list[PageCluster],
    nocite: list[str],
    places: KeyPlaces,
) -> Iterator[Diagnostic]:
    """A fault for each use of a key the bibliography lacks (and, once a page, for each
    use of an entry that cannot be read)."""
    seen: dict[str, int] = {}
    source: str | None = None
    origin = places.origin
    cited = [key for pc in clusters for key in pc.cluster.keys]
    for key in [*cited, *(k for k in nocite if k != "*")]:
        if key in bib.entries or (key in bib.broken and key in seen):
            continue  # an entry that cannot be read is reported once a page
        if source is None:
            source = origin.text if origin is not None else page_source()
        line = locate(source, key, seen.get(key, 0))
        seen[key] = seen.get(key, 0) + 1
        path = Path(abs_src or src)
        if origin is not None:
            path, line = places.root / origin.path, origin.line_in_text(line)
        elif line is None:
            found = locate_in_snippets(source, key, places.snippet_folders)
            if found is not None:
                path, line = found
        unread = bib.broken.get(key)
        if unread is not None:
            yield Diagnostic(
                display(path, places.root),
                line,
                "citations.unreadable-entry",
                f"the entry '{key}' cited here cannot be read ({unread.where})",
                "fix it there, where its fault is reported",
            )
            continue
        hint = closest(key, bib.entries)
        yield Diagnostic(
            display(path, places.root),
            line,
            "citations.unknown-key",
            f"unknown citation key '{key}'",
            f"did you mean '{hint}'?" if hint else "add an entry with this key to a .bib file",
        )


def display(path: Path, root: Path) -> str:
    """A path as a contributor opens it: from the project's root when it is inside."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
