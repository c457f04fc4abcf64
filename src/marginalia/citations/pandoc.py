"""Every citation of a build formatted by Pandoc, started early and collected late.

Pandoc (with its citeproc) is the reference implementation of the syntax and of CSL, so the
text matches ``pandoc --citeproc`` exactly. All clusters of all pages go into one Markdown
document, each in a fenced div with its own id, so that 2013a/2013b and given-name
disambiguation agree across the whole site. ``partition.lua`` cuts the work into batches
that cannot influence each other and keeps each batch's output on disk, so a rebuild
formats only what an edit touched; the whole result is kept too, by its whole input.

:func:`start` launches the Pandoc processes and returns at once, so that pages can be
rendered while citeproc runs on the other cores; :meth:`PendingRender.result` waits.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from marginalia.citations.layout import CitationLayout, citation_layout
from marginalia.citations.output import RenderResult, merge_outputs
from marginalia.citations.styles import CitationStyle
from marginalia.diskcache import prune, read_pickle, write_pickle

__all__ = ["PandocError", "PendingRender", "RenderRequest", "RenderResult", "render", "start"]

# Memory cache across ``mkdocs serve`` rebuilds (a new plugin instance each time).
_MEMORY: dict[str, RenderResult] = {}
CACHE_VERSION = "3"  # bump when RenderResult or the preparation of its HTML changes
_KEEP_OUTPUTS = 8
_KEEP_IN_MEMORY = 3
_KEEP_BATCH_BUILDS = 4  # batch files of about this many builds' worth stay on disk
_PARTITION = Path(__file__).with_name("partition").with_suffix(".lua")  # partition.lua
_BIB_ERROR_LINE = re.compile(r"line (\d+), column \d+")
_TIMEOUT = 600
_POSITION = re.compile(r'\bposition="')  # ibid, near-note, first, subsequent


class PandocError(RuntimeError):
    """Pandoc failed; ``bib_line`` is set when it rejected a line of the .bib it was given."""

    def __init__(self, message: str, bib_line: int | None = None) -> None:
        super().__init__(message)
        self.bib_line = bib_line


@dataclass(frozen=True)
class RenderRequest:
    """The whole input of one run: clusters in site order, nocite keys, .bib text, style."""

    clusters: Sequence[str]
    nocite: Sequence[str]
    bibtex: str
    style: CitationStyle
    locale: str | None = None
    # Works per citeproc batch (see partition.lua); 0 runs Pandoc's own --citeproc once.
    batch_size: int = 80
    # Pandoc processes sharing the batches (the text does not depend on it).
    workers: int = 1
    # Count how often citeproc is given each work (RenderResult.given), for tests.
    stats: bool = False
    # A hash of everything each work is read from (its entry, its parents, the macros), by
    # key: what a batch kept on disk is found by. Without it, by the works as Pandoc read them.
    entry_hashes: Mapping[str, str] = field(default_factory=dict)


@cache
def pandoc_path() -> str:
    """The Pandoc binary shipped in the pinned ``pypandoc-binary`` wheel."""
    import pypandoc

    return pypandoc.get_pandoc_path()


@cache
def pandoc_identity() -> str:
    """Path, size and modification time of the binary: a cheap stand-in for its version."""
    path = pandoc_path()
    stat = os.stat(path)
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def markdown_document(request: RenderRequest) -> str:
    """The Markdown Pandoc reads: metadata, then one fenced div per cluster."""
    meta = ["---", "link-citations: true", "suppress-bibliography: false"]
    locale = _locale(request)
    if locale:
        meta.append(f"lang: {locale}")
    if request.nocite:
        meta.append("nocite: |")
        meta.append("  " + ", ".join(f"@{{{key}}}" for key in request.nocite))
    meta.append("---")
    parts = ["\n".join(meta), ""]
    for number, raw in enumerate(request.clusters):
        parts.append(f"::: {{#mg-c-{number}}}\n{raw}\n:::\n")
    return "\n".join(parts)


def _locale(request: RenderRequest) -> str | None:
    if request.locale or not _batch_size(request):
        return request.locale
    # Pandoc reads a .bib with the style's default locale in mind (titles of English works
    # are stored in sentence case); pandoc.utils.references in the batch filter only sees
    # the document's language, so it is made explicit: same locale, same text.
    found = re.search(r'<style\b[^>]*\bdefault-locale="([^"]+)"', request.style.text)
    return found.group(1) if found else None


class PendingRender:
    """Pandoc's result for one request: already known, or being computed by processes
    started in :func:`start`; :meth:`result` waits for them once and keeps the result."""

    def __init__(
        self,
        request: RenderRequest,
        digest: str,
        disk: Path | None,
        prepare: Callable[[RenderResult], RenderResult] | None,
        result: RenderResult | None = None,
    ) -> None:
        self.request = request
        self._digest = digest
        self._disk = disk
        self._prepare = prepare
        self._result = result
        self._runs: list[tuple[subprocess.Popen[bytes], Path, Path]] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._batch_dir: Path | None = None
        self._error: PandocError | None = None

    @cached_property
    def layout(self) -> CitationLayout:
        """What launching Pandoc and joining a cluster's runs need of the style (its XML
        read once, and not at all when the result is found in a cache)."""
        return citation_layout(self.request.style.text)

    @property
    def running(self) -> bool:
        """Whether a Pandoc process is still at work (so waiting now would block)."""
        return self._result is None and any(run.poll() is None for run, _, _ in self._runs)

    def result(self) -> RenderResult:
        """The result, waiting for Pandoc if it is still running; raises PandocError."""
        if self._error is not None:
            raise self._error
        if self._result is None:
            try:
                outputs = self._collect()
            except PandocError as error:
                self._error = error
                raise
            result = merge_outputs(outputs, len(self.request.clusters), self.layout)
            self._keep_batch_files(result.cache_files)
            if self._prepare is not None:
                result = self._prepare(result)
            if self._disk is not None:
                write_pickle(self._disk, result)
                prune(self._disk.parent, "pandoc-*.pickle", keep=_KEEP_OUTPUTS)
            self._result = result
            _remember(self._digest, result)
        return self._result

    def _collect(self) -> list[str]:
        # Every process is waited for (and its files closed) even when one of them failed.
        outputs: list[str] = []
        failure: PandocError | None = None
        try:
            for run, stdout, stderr in self._runs:
                try:
                    outputs.append(_finish(run, stdout, stderr))
                except PandocError as error:
                    failure = failure or error
        finally:
            if self._tmp is not None:
                self._tmp.cleanup()
        if failure is not None:
            raise failure
        return outputs

    def _keep_batch_files(self, used: list[str]) -> None:
        """Mark the batch files this build used as fresh; drop those no recent build used."""
        folder = self._batch_dir
        if folder is None or not used:
            return
        with contextlib.suppress(OSError):
            for name in used:
                with contextlib.suppress(OSError):
                    os.utime(folder / name)
        prune(folder, "batch-*.json", keep=_KEEP_BATCH_BUILDS * len(used))


def start(
    request: RenderRequest,
    cache_dir: Path | None,
    prepare: Callable[[RenderResult], RenderResult] | None = None,
) -> PendingRender:
    """Find the result of ``request`` in the caches, or start the Pandoc processes that
    compute it; either way return at once.

    ``prepare`` (sanitizing, previews) runs once on a fresh result; what it returns is what
    is cached, so a cached build does no HTML work at all. It must depend on nothing but
    the request (the .bib text is part of the cache key).
    """
    document = markdown_document(request)
    salt = _salt(request)
    digest = hashlib.sha256(
        "\0".join(
            [
                salt,
                str(_batch_size(request)),
                str(request.stats),
                document,
                request.bibtex,
                getattr(prepare, "__qualname__", ""),
            ]
        ).encode()
    ).hexdigest()
    result = _MEMORY.get(digest)
    disk = cache_dir / f"pandoc-{digest[:32]}.pickle" if cache_dir else None
    if result is None and disk is not None:
        result = read_pickle(disk, RenderResult)
    if result is not None:
        result.from_cache = True
        _remember(digest, result)
        return PendingRender(request, digest, disk, prepare, result)
    pending = PendingRender(request, digest, disk, prepare)
    try:
        _launch(pending, document, salt, cache_dir)
    except PandocError as error:
        pending._error = error
    return pending


def render(
    request: RenderRequest,
    cache_dir: Path | None,
    prepare: Callable[[RenderResult], RenderResult] | None = None,
) -> RenderResult:
    """Run Pandoc (or read its cached result) and split the HTML by cluster and key."""
    return start(request, cache_dir, prepare).result()


def _remember(digest: str, result: RenderResult) -> None:
    _MEMORY[digest] = result
    while len(_MEMORY) > _KEEP_IN_MEMORY:  # serve: keep the latest few, not every edit
        del _MEMORY[next(iter(_MEMORY))]


def _salt(request: RenderRequest) -> str:
    """What every cached output depends on besides its own input."""
    return hashlib.sha256(
        "\0".join(
            [
                CACHE_VERSION,
                pandoc_identity(),
                _PARTITION.read_text(encoding="utf-8"),
                request.style.text,
                _locale(request) or "",
            ]
        ).encode()
    ).hexdigest()


def _launch(pending: PendingRender, document: str, salt: str, cache_dir: Path | None) -> None:
    """Start Pandoc: one process, or one per worker when batches are shared out. Output
    goes to files, not pipes, so that a process never waits for its reader."""
    request = pending.request
    pending._tmp = tempfile.TemporaryDirectory(prefix="marginalia-")
    tmp = Path(pending._tmp.name)
    bib = tmp / "cited.bib"
    bib.write_text(request.bibtex, encoding="utf-8")
    args = [
        pandoc_path(),
        "--from=markdown",
        "--to=html",
        "--wrap=none",
        f"--bibliography={bib}",
        f"--csl={request.style.path}",
    ]
    batch_size = _batch_size(request)
    if batch_size:
        layout = pending.layout
        order_csl = tmp / "order.csl"
        order_csl.write_text(_order_style(request.style.text), encoding="utf-8")
        shape = {
            "prefix": layout.prefix,
            "suffix": layout.suffix,
            "delimiter": layout.delimiter,
            "substitutes": list(layout.substitutes),
            "entries": dict(request.entry_hashes),
        }
        (tmp / "layout.json").write_text(json.dumps(shape), encoding="utf-8")
        args += [
            f"--lua-filter={_PARTITION}",
            f"--metadata=mg-batch-size:{batch_size}",
            f"--metadata=mg-order-csl:{order_csl}",
            f"--metadata=mg-all-names:{_all_names(request.style.text)}",
            f"--metadata=mg-assemble:{_flag(layout.joinable)}",
            f"--metadata=mg-cite-sorted:{_flag(layout.sorted)}",
            f"--metadata=mg-cite-groups:{_flag(layout.groups)}",
            f"--metadata=mg-layout:{tmp / 'layout.json'}",
            f"--metadata=mg-positions:{_flag(_POSITION.search(request.style.text) is not None)}",
        ]
        if request.stats:
            args.append("--metadata=mg-stats:true")
        if cache_dir is not None:
            folder = cache_dir / "batches"
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
            if folder.is_dir() and os.access(folder, os.W_OK):
                pending._batch_dir = folder
                args += [f"--metadata=mg-cache-dir:{folder}", f"--metadata=mg-cache-salt:{salt}"]
    else:
        args.append("--citeproc")
    # The document goes through a file, not a pipe, so that every process reads it.
    source = tmp / "document.md"
    source.write_text(document, encoding="utf-8")
    args.append(str(source))
    workers = max(1, request.workers) if batch_size else 1
    for n in range(workers):
        extra = [f"--metadata=mg-workers:{workers}", f"--metadata=mg-worker:{n}"]
        stdout, stderr = tmp / f"out-{n}.html", tmp / f"err-{n}.txt"
        pending._runs.append((_start([*args, *extra], stdout, stderr), stdout, stderr))


def _start(args: list[str], stdout: Path, stderr: Path) -> subprocess.Popen[bytes]:
    try:
        with stdout.open("wb") as out, stderr.open("wb") as err:
            return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    except OSError as error:
        raise PandocError(f"Pandoc could not run: {error}") from error


def _finish(run: subprocess.Popen[bytes], stdout: Path, stderr: Path) -> str:
    try:
        run.wait(timeout=_TIMEOUT)
    except subprocess.TimeoutExpired as error:
        run.kill()
        run.wait()
        raise PandocError(f"Pandoc could not run: {error}") from error
    if run.returncode != 0:
        message = stderr.read_bytes().decode(errors="replace").strip()
        line = None
        if "Error reading bibliography" in message:
            found = _BIB_ERROR_LINE.search(message)
            line = int(found.group(1)) if found else None
        raise PandocError(message, bib_line=line)
    return stdout.read_bytes().decode()


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _batch_size(request: RenderRequest) -> int:
    """Batches only for author-date styles: numbers and labels depend on the whole list."""
    author_date = re.search(r'citation-format="author-date"', request.style.text)
    return request.batch_size if author_date else 0


def _all_names(style_text: str) -> str:
    """Whether the style tells given names apart across all names, not the first only."""
    return _flag(bool(re.search(r'givenname-disambiguation-rule="all-names', style_text)))


def _order_style(style_text: str) -> str:
    """The style reduced to its sort orders: no disambiguation, no cite grouping (each
    cite is a link of its own), nothing to lay out."""
    text = re.sub(
        r"\s(?:disambiguate-add-[a-z-]+|givenname-disambiguation-rule|"
        r"subsequent-author-substitute[a-z-]*|collapse|cite-group-delimiter|"
        r'after-collapse-delimiter|year-suffix-delimiter)="[^"]*"',
        "",
        style_text,
    )
    return re.sub(
        r"(<layout\b[^>]*>).*?(</layout>)", r'\1<text value="-"/>\2', text, flags=re.DOTALL
    )
