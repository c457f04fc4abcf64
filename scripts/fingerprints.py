"""Fingerprints of the source texts the content is written from, without their text.

The essay the site starts from may not be copied into the repository (its licence is
unknown), yet the content tests must check that no page copies it. So the repository holds
a fingerprint made from a local copy of the sources (``scripts/fingerprint-sources``):

- for each text, the hash of every run of ``RUN`` consecutive words (what "copying" means);
- for each text, the hash of every phrase of 2 to ``RUN - 1`` words, made with a slow key
  derivation, so that a phrase put in quotation marks can be recognised as the essay's
  while guessing phrases from the hashes stays expensive;
- for each ``.bib`` file, the hash of each entry's type and of each field's value, so a
  test can tell that an entry still holds the checked fields, and nothing else.

Every hash is salted with the file's name, so equal words in two sources differ.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

RUN = 12  # a page may not share this many consecutive words with a source text
DIGEST_CHARS = 16  # 64 bits: no false match among a few thousand hashes
PHRASE_ITERATIONS = 10_000  # about 2 ms a phrase: the tests look up a few dozen
FORMAT = 1
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    """Lower-case words, the unit in which copying is measured."""
    return _WORD.findall(text.lower())


def _salt(name: str) -> bytes:
    return f"marginalia:{name}".encode()


def run_digest(salt: bytes, run: Sequence[str]) -> str:
    """The hash of one run of ``RUN`` words (fast: every window of every page is looked up)."""
    return hashlib.sha256(salt + " ".join(run).encode()).hexdigest()[:DIGEST_CHARS]


def phrase_digest(salt: bytes, phrase: Sequence[str], iterations: int) -> str:
    """The hash of a short phrase, slow on purpose (short phrases are easy to guess)."""
    data = " ".join(phrase).encode()
    return hashlib.pbkdf2_hmac("sha256", data, salt, iterations).hex()[:DIGEST_CHARS]


@dataclass(frozen=True)
class TextPrint:
    """What the tests may know of one source text."""

    name: str
    word_count: int
    runs: frozenset[str]
    phrases: frozenset[str]
    iterations: int = PHRASE_ITERATIONS

    @property
    def salt(self) -> bytes:
        return _salt(self.name)

    def copied_runs(self, text_words: Sequence[str]) -> list[int]:
        """Where ``text_words`` holds ``RUN`` words in a row from this source."""
        salt = self.salt
        return [
            i
            for i in range(len(text_words) - RUN + 1)
            if run_digest(salt, text_words[i : i + RUN]) in self.runs
        ]

    def holds_phrase(self, phrase: Sequence[str]) -> bool:
        """Whether the source has these words in a row (two words or more)."""
        if len(phrase) < 2:
            return False  # one word is a term, not a quotation
        if len(phrase) >= RUN:
            return len(self.copied_runs(phrase)) == len(phrase) - RUN + 1
        return phrase_digest(self.salt, phrase, self.iterations) in self.phrases


@dataclass(frozen=True)
class BibPrint:
    """Each entry's type and fields, hashed: key -> name -> digest (``@type`` for the type)."""

    name: str
    entries: dict[str, dict[str, str]]

    def digest(self, key: str, name: str, value: str) -> str:
        return run_digest(_salt(self.name), [key, name, *value.split()])


def text_print(name: str, text: str, iterations: int = PHRASE_ITERATIONS) -> TextPrint:
    w = words(text)
    salt = _salt(name)
    runs = {run_digest(salt, w[i : i + RUN]) for i in range(len(w) - RUN + 1)}
    phrases = {
        phrase_digest(salt, w[i : i + n], iterations)
        for n in range(2, RUN)
        for i in range(len(w) - n + 1)
    }
    return TextPrint(name, len(w), frozenset(runs), frozenset(phrases), iterations)


def bib_print(name: str, entries: Iterable[tuple[str, str, dict[str, str]]]) -> BibPrint:
    """From ``(key, type, {field: value})`` triples, values without their outer braces."""
    empty = BibPrint(name, {})
    return BibPrint(
        name,
        {
            key: {
                "@type": empty.digest(key, "@type", entry_type),
                **{field: empty.digest(key, field, value) for field, value in fields.items()},
            }
            for key, entry_type, fields in entries
        },
    )


@dataclass(frozen=True)
class Fingerprints:
    texts: tuple[TextPrint, ...]
    bibs: tuple[BibPrint, ...]

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "about": "Hashes of the source texts and .bib files the content is written from; "
            "no text. Remake with scripts/fingerprint-sources FOLDER.",
            "run_words": RUN,
            "texts": {
                t.name: {
                    "words": t.word_count,
                    "phrase_iterations": t.iterations,
                    "runs": sorted(t.runs),
                    "phrases": sorted(t.phrases),
                }
                for t in self.texts
            },
            "bibliographies": {b.name: b.entries for b in self.bibs},
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Fingerprints:
        data = json.loads(text)
        if data.get("format") != FORMAT or data.get("run_words") != RUN:
            raise ValueError("the fingerprint file was made by another version of the script")
        texts = tuple(
            TextPrint(
                name,
                value["words"],
                frozenset(value["runs"]),
                frozenset(value["phrases"]),
                value["phrase_iterations"],
            )
            for name, value in sorted(data["texts"].items())
        )
        bibs = tuple(
            BibPrint(name, entries) for name, entries in sorted(data["bibliographies"].items())
        )
        return cls(texts, bibs)


def make(folder: Path) -> Fingerprints:
    """Fingerprints of every ``.txt`` and ``.bib`` file in ``folder``."""
    from marginalia.bibliography import parse_bib_text

    texts = tuple(
        text_print(path.name, path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.txt"))
    )
    bibs = []
    for path in sorted(folder.glob("*.bib")):
        parsed = parse_bib_text(path.read_text(encoding="utf-8"), path.name)
        if parsed.diagnostics:
            faults = "\n".join(d.format() for d in parsed.diagnostics)
            raise ValueError(f"{path.name} has faults; fix them first:\n{faults}")
        triples = [
            (e.key, e.entry_type, {name: e.value(name) for name in e.fields})
            for e in parsed.entries
        ]
        bibs.append(bib_print(path.name, triples))
    return Fingerprints(texts, tuple(bibs))


def main(argv: Sequence[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="scripts/fingerprint-sources",
        description="Write the fingerprint of the source texts (.txt) and .bib files of "
        "FOLDER, a local copy of the sources, for the content tests. No text is written.",
    )
    parser.add_argument("folder", type=Path, help="the folder holding the local copy")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "tests/content/source-fingerprints.json",
        help="where to write it (default: tests/content/source-fingerprints.json)",
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    try:
        prints = make(args.folder)
    except (ValueError, UnicodeDecodeError) as error:
        print(f"fingerprint-sources: {error}", file=sys.stderr)
        return 1
    if not prints.texts:
        print(f"fingerprint-sources: {args.folder} holds no .txt source text", file=sys.stderr)
        return 1
    args.out.write_text(prints.to_json(), encoding="utf-8")
    counts = ", ".join(f"{t.name} ({t.word_count} words)" for t in prints.texts)
    entries = sum(len(b.entries) for b in prints.bibs)
    print(f"wrote {args.out}: {counts}; {entries} .bib entries")
    return 0
