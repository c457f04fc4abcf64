"""A seeded, bounded fuzz test of the .bib reader: mutated files never raise, never hang, and
every entry is either read or reported at a line inside it.

The seed is fixed, so every run tries the same files; a failure names the seed and the
mutation, which is enough to rebuild the file.
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from marginalia.bibliography import Bibliography, parse_bib_text
from marginalia.bibliography.parse import parse_bib_bytes
from marginalia.citations.pandoc import pandoc_path
from marginalia.citations.sitewide import entry_at

SEED = 20261202
FILES = 3000  # mutated files: about 6 s of parsing on the 2-core development machine
PANDOC_EVERY = 25  # every 25th file also goes through Pandoc
HANG_SECONDS = 20  # far above any parse of these few kilobytes: only a hang gets there
CORPUS = [
    Path(__file__).with_name("corpus") / "fuzz-seed.bib",
    Path(__file__).resolve().parents[2] / "bib" / "references.bib",
]
# What a hand, an editor or a reference manager gets wrong: BibTeX's own characters first.
ALPHABET = '{}{}""@,,==#%\\() \t\nabcXYZ019$&~^_'


@dataclass(frozen=True)
class Edit:
    at: int
    removed: int
    inserted: str


@dataclass
class Span:
    key: str
    start: int  # offset of the "@"
    end: int  # offset after the closing brace


def _spans(text: str) -> list[Span]:
    parsed = parse_bib_text(text, "seed.bib")
    assert parsed.diagnostics == (), "the seed files are clean"
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    spans = []
    for entry in parsed.entries:
        # The raw text may differ from the file ("@misc{" for "@misc("), never its length.
        start = text.index("@", line_starts[entry.line - 1])
        spans.append(Span(entry.key, start, start + len(entry.raw)))
    return spans


def _random_edit(rng: random.Random, text: str) -> Edit:
    at = rng.randrange(len(text))
    kind = rng.choice(["insert", "delete", "replace", "replace", "space-after-at", "newline"])
    if kind == "space-after-at" and "@" in text:
        at = rng.choice([i for i, c in enumerate(text) if c == "@"]) + 1
        return Edit(at, 0, rng.choice([" ", "\t", " \n"]))
    if kind == "newline":
        return Edit(at, 0, "\n")
    if kind == "delete":
        return Edit(at, rng.randint(1, 3), "")
    inserted = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 2)))
    return Edit(at, 1 if kind == "replace" else 0, inserted)


def _apply(text: str, edit: Edit, spans: list[Span]) -> str:
    delta = len(edit.inserted) - edit.removed
    for span in spans:
        for name in ("start", "end"):
            value = getattr(span, name)
            if value >= edit.at + edit.removed:
                setattr(span, name, value + delta)
            elif value > edit.at:
                setattr(span, name, edit.at)
    return text[: edit.at] + edit.inserted + text[edit.at + edit.removed :]


@contextmanager
def _no_hang(what: str) -> Iterator[None]:
    def stop(signum, frame):
        raise AssertionError(f"{what} did not finish in {HANG_SECONDS} s: the reader hangs")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, offset)) + 1


def _mutants() -> Iterator[tuple[str, str, list[Span]]]:
    rng = random.Random(SEED)
    seeds = [(path.name, path.read_text(encoding="utf-8")) for path in CORPUS]
    for number in range(FILES):
        name, text = seeds[number % len(seeds)]
        spans = _spans(text)
        edits = []
        for _ in range(rng.randint(1, 3)):
            edits.append(_random_edit(rng, text))
            text = _apply(text, edits[-1], spans)
        yield f"{name} #{number} {edits}", text, spans


def test_mutated_files_never_raise_never_hang_and_lose_no_entry():
    lost = []
    for number, (label, text, spans) in enumerate(_mutants()):
        with _no_hang(label):
            parsed = parse_bib_text(text, "bib/x.bib")
            bib = Bibliography.from_files([parsed])
        places = (
            {e.line for e in parsed.entries}
            | {b.line for b in parsed.broken}
            | {d.line for d in bib.diagnostics if d.line}
        )
        for span in spans:
            first, last = _line(text, span.start), _line(text, span.end - 1)
            if not any(first <= line <= last for line in places):
                lost.append(f"{label}: entry '{span.key}' (lines {first}-{last}) vanished")
        if number % PANDOC_EVERY == 0:
            lost.extend(_pandoc_disagrees(label, bib))
    assert lost == []


def _pandoc_disagrees(label: str, bib: Bibliography) -> list[str]:
    """Pandoc, handed every entry that was read, reads them all; or it rejects a line that
    lies in one of them, which the build then reports at that entry."""
    subset, starts = bib.subset_bibtex(list(bib.entries))
    done = subprocess.run(
        [pandoc_path(), "-f", "bibtex", "-t", "csljson"],
        input=subset,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        line = re.search(r"\(line (\d+), column", done.stderr)
        if line and entry_at(starts, int(line.group(1))) is not None:
            return []
        return [f"{label}: Pandoc failed outside any entry: {done.stderr[:200]}"]
    read = sorted(item["id"] for item in json.loads(done.stdout))
    ours = sorted(bib.entries)
    return [] if read == ours else [f"{label}: Pandoc read {read}, the reader {ours}"]


def test_bytes_that_are_not_utf8_are_always_reported():
    rng = random.Random(SEED)
    text = CORPUS[0].read_bytes()
    for _ in range(200):
        at = rng.randrange(len(text))
        data = text[:at] + bytes([rng.randrange(0x80, 0x100)]) + text[at:]
        with _no_hang("a file that is not UTF-8"):
            parsed = parse_bib_bytes(data, "bib/x.bib")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            codes = [d.code for d in parsed.diagnostics]
            assert codes.count("bib.encoding") == 1, codes
            (fault,) = [d for d in parsed.diagnostics if d.code == "bib.encoding"]
            assert fault.line == data.count(b"\n", 0, at) + 1
