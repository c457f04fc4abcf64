"""Citations in a note style: Pandoc's own text for every note, page by page.

A note style numbers and shortens citations by their place among the notes of a document
(first reference in full, later ones short, "Ibid." where the style says so), so each page
is given to citeproc as a document of its own (``notes.lua``): one Pandoc process reads
the pages' note sequences (:mod:`marginalia.notes.sequence`) and the cited entries once,
and runs citeproc on each page. Each page's result is kept on disk, named by a hash of all
it depends on (its citations in order, the text of their entries, the style, the locale,
Pandoc and the filter), so a rebuild runs Pandoc only for the pages an edit touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from marginalia.citations.pandoc import PandocError, pandoc_identity, pandoc_path
from marginalia.citations.sanitize import sanitize
from marginalia.citations.styles import CitationStyle, compact_csl
from marginalia.notes.sequence import NoteUnit

_FILTER = Path(__file__).with_name("notes").with_suffix(".lua")  # notes.lua
_CSL = "{http://purl.org/net/xbiblio/csl}"
_TIMEOUT = 600
# Below this many pages to format a second process costs more (reading the entries) than
# it saves.
_PAGES_PER_PROCESS = 100
CACHE_VERSION = "1"


def is_note_style(style: CitationStyle) -> bool:
    """Whether the style puts its citations in notes (``<style class="note">``)."""
    with contextlib.suppress(ElementTree.ParseError):
        return ElementTree.fromstring(style.text).get("class") == "note"
    return False


@dataclass(frozen=True)
class NoteText:
    """One citation as the note style gives it: what stays in the text (a narrative
    citation's author), and the note it became ("" for a citation inside a footnote)."""

    in_text: str
    note: str


@dataclass(frozen=True)
class PageNotes:
    """One page's notes: its units in order, and the raw text of every cluster on it."""

    units: tuple[NoteUnit, ...]
    raws: Mapping[int, str]
    keys: tuple[str, ...] = ()  # the works it cites

    @property
    def order(self) -> list[int]:
        """The site-wide index of each citation, in the page's note order."""
        return [index for unit in self.units for index, *_ in unit.clusters]


def markdown_document(pages: Sequence[PageNotes]) -> str:
    """The Markdown ``notes.lua`` reads: a div per page, a div per citation, footnotes as
    divs of their citations."""
    parts = []
    for page in pages:
        parts.append("::::: mg-page")
        for unit in page.units:
            if unit.footnote is not None:
                parts.append(":::: mg-note")
            for index, lead, trail in unit.clusters:
                attrs = (
                    f"#mg-c-{index}"
                    + (" .mg-lead" if lead else "")
                    + (" .mg-trail" if trail else "")
                )
                parts.append(f"::: {{{attrs}}}\n{page.raws[index]}\n:::")
            if unit.footnote is not None:
                parts.append("::::")
        parts.append(":::::\n")
    return "\n".join(parts)


class NoteRun:
    """Every page's notes for one build: started at once, collected once."""

    def __init__(
        self,
        pages: Sequence[PageNotes],
        bibtex: Callable[[Sequence[str]], str],
        style: CitationStyle,
        locale: str | None,
        entry_hashes: Mapping[str, str],
        cache_dir: Path | None,
        workers: int = 1,
    ) -> None:
        self.pages = list(pages)
        self.cache = cache_dir / "notes" if cache_dir is not None else None
        salt = "\0".join(
            [CACHE_VERSION, pandoc_identity(), _FILTER.read_text("utf-8"), style.text, locale or ""]
        )
        self.digests = [_digest(salt, page, entry_hashes) for page in self.pages]
        self.texts: dict[int, NoteText] = {}
        todo = []
        for page, digest in zip(self.pages, self.digests, strict=True):
            kept = self._read(digest)
            if kept is None or len(kept) != len(page.order):
                todo.append((page, digest))
            else:  # kept by place on the page: an edit elsewhere moves the indices
                self.texts.update(
                    {i: text for i, text in zip(page.order, kept, strict=True) if text}
                )
        self.todo = todo
        self.ran = bool(todo)
        self.workers = max(1, workers)
        self._processes: list[tuple[subprocess.Popen[bytes], int]] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._error: PandocError | None = None
        if todo:
            self._start(bibtex, style, locale)

    def _start(
        self, bibtex: Callable[[Sequence[str]], str], style: CitationStyle, locale: str | None
    ) -> None:
        """One Pandoc process per share of the pages; each reads only the entries its
        pages cite, and the style in its compact form (read anew by every citeproc call)."""
        self._tmp = tempfile.TemporaryDirectory(prefix="marginalia-notes-")
        tmp = Path(self._tmp.name)
        csl = tmp / "style.csl"
        csl.write_text(compact_csl(style.text), encoding="utf-8")
        pages = [page for page, _ in self.todo]
        shares = max(1, min(self.workers, len(pages) // _PAGES_PER_PROCESS))
        for n, share in enumerate(_shares(pages, shares)):
            (tmp / f"pages-{n}.md").write_text(markdown_document(share), encoding="utf-8")
            keys = list(dict.fromkeys(key for page in share for key in page.keys))
            (tmp / f"cited-{n}.bib").write_text(bibtex(keys), encoding="utf-8")
            args = [
                pandoc_path(),
                "--from=markdown",
                "--to=html",
                f"--lua-filter={_FILTER}",
                f"--metadata=mg-notes-out:{tmp / f'out-{n}.html'}",
                f"--metadata=mg-notes-bib:{tmp / f'cited-{n}.bib'}",
                f"--metadata=csl:{csl}",
                "--output=" + str(tmp / "ignored.html"),
            ]
            if locale:
                args.append(f"--metadata=lang:{locale}")
            if "first-reference-note-number" not in style.text:
                args.append("--metadata=mg-notes-group:true")
            args.append(str(tmp / f"pages-{n}.md"))
            try:
                with (tmp / f"err-{n}.txt").open("wb") as err:
                    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stderr=err)
            except OSError as error:
                self._error = PandocError(f"Pandoc could not run: {error}")
                return
            self._processes.append((process, n))

    @property
    def running(self) -> bool:
        return any(process.poll() is None for process, _ in self._processes)

    def result(self) -> dict[int, NoteText]:
        """Every cluster's note text by its site-wide index; raises PandocError."""
        if self._error is not None:
            raise self._error
        if not self._processes:
            return self.texts
        processes, self._processes = self._processes, []
        assert self._tmp is not None
        tmp = Path(self._tmp.name)
        raw: dict[int, tuple[str, str]] = {}
        try:
            for process, n in processes:  # every one waited for, even after a failure
                try:
                    process.wait(timeout=_TIMEOUT)
                except subprocess.TimeoutExpired as error:
                    process.kill()
                    process.wait()
                    self._error = self._error or PandocError(f"Pandoc could not run: {error}")
                    continue
                if process.returncode != 0:
                    message = (tmp / f"err-{n}.txt").read_bytes().decode(errors="replace")
                    self._error = self._error or PandocError(message.strip())
                    continue
                raw.update(_split((tmp / f"out-{n}.html").read_text(encoding="utf-8")))
        finally:
            self._tmp.cleanup()
        if self._error is not None:
            raise self._error
        fresh = {
            int(index): NoteText(sanitize(pair[0]), sanitize(pair[1]))
            for index, pair in raw.items()
        }
        self.texts.update(fresh)
        for page, digest in self.todo:
            self._write(digest, [fresh.get(i) for i in page.order])
        return self.texts

    def _read(self, digest: str) -> list[NoteText | None] | None:
        if self.cache is None:
            return None
        path = self.cache / f"page-{digest[:32]}.json"
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            return [NoteText(*v) if v else None for v in kept]
        except (OSError, ValueError, TypeError):
            return None

    def _write(self, digest: str, texts: Sequence[NoteText | None]) -> None:
        if self.cache is None:
            return
        data = [[t.in_text, t.note] if t else None for t in texts]
        with contextlib.suppress(OSError):
            self.cache.mkdir(parents=True, exist_ok=True)
            (self.cache / f"page-{digest[:32]}.json").write_text(json.dumps(data), "utf-8")


def _shares(pages: Sequence[PageNotes], count: int) -> list[list[PageNotes]]:
    """The pages in ``count`` runs of about equal work, in order. Citeproc's time goes with
    a page's citations, not with its length: the 500-page benchmark site's essays hold two
    thirds of its citations in a quarter of its pages, and an even split by pages left one
    process with twice the other's work."""
    weights = [1 + len(page.order) for page in pages]
    total = sum(weights)
    out: list[list[PageNotes]] = [[] for _ in range(count)]
    done = 0
    for page, weight in zip(pages, weights, strict=True):
        # The share whose part of the total this page's middle falls in.
        out[min(count - 1, (2 * done + weight) * count // (2 * total))].append(page)
        done += weight
    return [share for share in out if share]


_MARK = re.compile(r"<!--mg:(?:(\d+):([tn])|end)-->")


def _split(output: str) -> dict[int, tuple[str, str]]:
    """The filter's output by cluster: (what stays in the text, the note)."""
    parts: dict[int, list[str]] = {}
    marks = list(_MARK.finditer(output))
    for mark, following in itertools.pairwise(marks):
        if mark.group(1) is None:
            continue
        pair = parts.setdefault(int(mark.group(1)), ["", ""])
        pair[0 if mark.group(2) == "t" else 1] = output[mark.end() : following.start()].strip()
    return {index: (pair[0], pair[1]) for index, pair in parts.items()}


def _digest(salt: str, page: PageNotes, entry_hashes: Mapping[str, str]) -> str:
    """A page's result depends on its citations in order, where each sits (in the text or
    in a footnote, after text or not) and on the entries it cites, nothing else."""
    shape = [
        [[page.raws[i], lead, trail] for i, lead, trail in unit.clusters]
        + [unit.footnote is not None]
        for unit in page.units
    ]
    cited = sorted((key, entry_hashes.get(key, "")) for key in set(page.keys))
    text = json.dumps(shape) + json.dumps(cited)
    return hashlib.sha256((salt + "\0" + text).encode()).hexdigest()
