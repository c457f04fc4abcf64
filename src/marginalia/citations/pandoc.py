"""Every citation of a build formatted by one Pandoc run, cached by its whole input.

Pandoc (with its citeproc) is the reference implementation of the syntax and of CSL, so the
text matches ``pandoc --citeproc`` exactly. All clusters of all pages go into one Markdown
document, each in a fenced div with its own id, so that 2013a/2013b and given-name
disambiguation agree across the whole site and Pandoc starts once per build, not per page.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from marginalia.citations.styles import CitationStyle
from marginalia.diskcache import prune, read_pickle, write_pickle

# Memory cache across ``mkdocs serve`` rebuilds (a new plugin instance each time).
_MEMORY: dict[str, RenderResult] = {}
CACHE_VERSION = "2"  # bump when RenderResult or the preparation of its HTML changes
_KEEP_OUTPUTS = 8
_KEEP_IN_MEMORY = 3
_CLUSTER_RE = re.compile(
    r'<div id="mg-c-(\d+)">\s*(.*?)\s*</div>\s*(?=<div id="mg-c-|<div id="mg-order"|<div id="refs"|$)',
    re.DOTALL,
)
_ENTRY_RE = re.compile(
    r'<div id="ref-([^"]*)" class="csl-entry"[^>]*>\s*(.*?)\s*</div>\s*(?=<div id="ref-|</div>\s*$)',
    re.DOTALL,
)
_ORDER_RE = re.compile(r'<div id="mg-order">\s*(.*?)\s*</div>', re.DOTALL)
_PARTITION = Path(__file__).with_name("partition").with_suffix(".lua")  # partition.lua
_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)
_BIB_ERROR_LINE = re.compile(r"line (\d+), column \d+")


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


@dataclass
class RenderResult:
    """Pandoc's HTML for every cluster (by position) and every reference (by key)."""

    clusters: list[str] = field(default_factory=list)
    references: dict[str, str] = field(default_factory=dict)  # in the style's order
    previews: dict[str, str] = field(default_factory=dict)  # tooltip text, by key
    from_cache: bool = False


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
    locale = request.locale
    if not locale and _batch_size(request):
        # Pandoc reads a .bib with the style's default locale in mind (titles of English
        # works are stored in sentence case); pandoc.utils.references in the batch filter
        # only sees the document's language, so it is made explicit: same locale, same text.
        found = re.search(r'<style\b[^>]*\bdefault-locale="([^"]+)"', request.style.text)
        locale = found.group(1) if found else None
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


def render(
    request: RenderRequest,
    cache_dir: Path | None,
    prepare: Callable[[RenderResult], RenderResult] | None = None,
) -> RenderResult:
    """Run Pandoc once (or read its cached result) and split the HTML by cluster and key.

    ``prepare`` (sanitizing, previews) runs once on a fresh result; what it returns is what
    is cached, so a cached build does no HTML work at all. It must depend on nothing but
    the request (the .bib text is part of the cache key).
    """
    document = markdown_document(request)
    digest = hashlib.sha256(
        "\0".join(
            [
                CACHE_VERSION,
                pandoc_identity(),
                _PARTITION.read_text(),
                str(_batch_size(request)),
                document,
                request.bibtex,
                request.style.text,
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
    else:
        result = merge_outputs(_run_pandoc(document, request), len(request.clusters))
        if prepare is not None:
            result = prepare(result)
        if disk is not None:
            write_pickle(disk, result)
            prune(disk.parent, "pandoc-*.pickle", keep=_KEEP_OUTPUTS)
    _MEMORY[digest] = result
    while len(_MEMORY) > _KEEP_IN_MEMORY:  # serve: keep the latest few, not every edit
        del _MEMORY[next(iter(_MEMORY))]
    return result


def _run_pandoc(document: str, request: RenderRequest) -> list[str]:
    """Pandoc's HTML: one document, or one per process when batches are shared out."""
    with tempfile.TemporaryDirectory(prefix="marginalia-") as tmp:
        bib = Path(tmp) / "cited.bib"
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
            order_csl = Path(tmp) / "order.csl"
            order_csl.write_text(_without_disambiguation(request.style.text), encoding="utf-8")
            args += [
                f"--lua-filter={_PARTITION}",
                f"--metadata=mg-batch-size:{batch_size}",
                f"--metadata=mg-order-csl:{order_csl}",
                f"--metadata=mg-all-names:{_all_names(request.style.text)}",
            ]
        else:
            args.append("--citeproc")
        # The document goes through a file, not a pipe, so that every process reads it.
        source = Path(tmp) / "document.md"
        source.write_text(document, encoding="utf-8")
        args.append(str(source))
        workers = max(1, request.workers) if batch_size else 1
        if workers == 1:
            return [_finish(_start(args))]
        runs = [
            _start([*args, f"--metadata=mg-workers:{workers}", f"--metadata=mg-worker:{n}"])
            for n in range(workers)
        ]
        # Every process is waited for (their pipes closed) even when one of them failed.
        outputs: list[str] = []
        failure: PandocError | None = None
        for run in runs:
            try:
                outputs.append(_finish(run))
            except PandocError as error:
                failure = failure or error
        if failure is not None:
            raise failure
        return outputs


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise PandocError(f"Pandoc could not run: {error}") from error


def _finish(run: subprocess.Popen[bytes]) -> str:
    try:
        stdout, stderr = run.communicate(timeout=600)
    except subprocess.TimeoutExpired as error:
        run.kill()
        run.communicate()
        raise PandocError(f"Pandoc could not run: {error}") from error
    if run.returncode != 0:
        message = stderr.decode(errors="replace").strip()
        line = None
        if "Error reading bibliography" in message:
            found = _BIB_ERROR_LINE.search(message)
            line = int(found.group(1)) if found else None
        raise PandocError(message, bib_line=line)
    return stdout.decode()


def _batch_size(request: RenderRequest) -> int:
    """Batches only for author-date styles: numbers and labels depend on the whole list."""
    author_date = re.search(r'citation-format="author-date"', request.style.text)
    return request.batch_size if author_date else 0


def _all_names(style_text: str) -> str:
    """Whether the style tells given names apart across all names, not the first only."""
    return "true" if re.search(r'givenname-disambiguation-rule="all-names', style_text) else "false"


def _without_disambiguation(style_text: str) -> str:
    """The style reduced to its sort order: no disambiguation, nothing to lay out."""
    text = re.sub(
        r"\s(?:disambiguate-add-[a-z-]+|givenname-disambiguation-rule|"
        r'subsequent-author-substitute[a-z-]*)="[^"]*"',
        "",
        style_text,
    )
    return re.sub(
        r"(<layout\b[^>]*>).*?(</layout>)", r'\1<text value="-"/>\2', text, flags=re.DOTALL
    )


def merge_outputs(outputs: Sequence[str], count: int) -> RenderResult:
    """One result from the outputs of the processes that shared the batches: each cluster
    and each reference is in exactly one of them; the first lists the references' order."""
    if len(outputs) == 1:
        return parse_output(outputs[0], count)
    merged = RenderResult(clusters=[""] * count)
    for output in outputs:
        part = parse_output(output, count)
        for index, text in enumerate(part.clusters):
            merged.clusters[index] = merged.clusters[index] or text
        merged.references.update(part.references)
    found = _ORDER_RE.search(outputs[0])
    order = html.unescape(found.group(1)).split() if found else []
    rank = {key: index for index, key in enumerate(order)}
    ordered = sorted(merged.references, key=lambda key: rank.get(key, len(rank)))
    merged.references = {key: merged.references[key] for key in ordered}
    return merged


def parse_output(output: str, count: int) -> RenderResult:
    """Split Pandoc's HTML into the clusters (by div id) and the references (by key)."""
    result = RenderResult(clusters=[""] * count)
    refs_at = output.find('<div id="refs"')
    body, refs = (output[:refs_at], output[refs_at:]) if refs_at >= 0 else (output, "")
    for match in _CLUSTER_RE.finditer(body):
        number = int(match.group(1))
        if number < count:
            inner = match.group(2)
            paragraph = _PARAGRAPH.match(inner)
            result.clusters[number] = paragraph.group(1) if paragraph else inner
    for match in _ENTRY_RE.finditer(refs):
        result.references[html.unescape(match.group(1))] = match.group(2)
    return result
