"""Seeded synthetic material: words, people, tags and a BibTeX file of mixed entry types.

Everything is drawn from one ``random.Random(seed)``, so the same seed gives byte-identical
files and two runs of the benchmark measure the same corpus.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

_SYLLABLES = [
    "ca",
    "co",
    "cu",
    "da",
    "de",
    "di",
    "do",
    "fa",
    "fe",
    "fi",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "po",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "vi",
    "vo",
    "bre",
    "cla",
    "dri",
    "fro",
    "glu",
    "pla",
    "pri",
    "stra",
    "tre",
]

_GIVEN = [
    "Anna",
    "Ben",
    "Carla",
    "Deniz",
    "Eero",
    "Fatima",
    "Gustav",
    "Hana",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Marta",
    "Nils",
    "Olu",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomasz",
    "Uma",
    "Viktor",
    "Wen",
    "Xavier",
    "Yara",
    "Zofia",
]
_FAMILY = [
    "Abbott",
    "Bergström",
    "Castillo",
    "Dufour",
    "Egan",
    "Fischer",
    "García",
    "Hughes",
    "Ibsen",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Urban",
    "Vasquez",
    "Walsh",
    "Young",
    "Zhang",
]
# Spelled as a .bib file spells them: LaTeX accents and name particles.
_FAMILY_BIB = {
    "Bergström": 'Bergstr{\\"o}m',
    "García": "Garc{\\'i}a",
}
_PARTICLES = ("van der", "de", "von")
_CORPORATE = (
    "National Institute for Health and Care Excellence",
    "Mind",
    "World Health Organization",
    "Social Care Institute for Excellence",
)

_TAG_SEEDS = [
    "co-production",
    "coercion",
    "consumerism",
    "well-being",
    "power",
    "medicalisation",
    "personalisation",
    "recovery",
    "participation",
    "citizenship",
    "lived-experience",
    "peer-support",
    "advocacy",
    "austerity",
    "outcomes",
    "evidence",
    "governance",
    "commissioning",
    "stigma",
    "diagnosis",
    "community",
    "housing",
    "employment",
    "trauma",
    "ethics",
    "consent",
    "capacity",
    "risk",
    "inequality",
    "race",
    "gender",
]


@dataclass(frozen=True)
class BibEntry:
    """One synthetic reference: its key, type and the .bib text that defines it."""

    key: str
    type: str
    year: int
    bibtex: str


@dataclass(frozen=True)
class Tag:
    """One entry of the synthetic tag vocabulary."""

    id: str
    label: str
    description: str
    parent: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class NameShape:
    """How the names of the generated bibliography are spread.

    The default spreads them as a broad field does (about 4,000 surnames); a field with
    prolific authors and organisations (a department of health, a national health service,
    WHO, Mind) concentrates them: a few dozen surnames and organisations share thousands of
    works, and most citations need disambiguation (2010a, 2010b, given names).
    """

    surnames: int | None = None  # None: about 4,000
    organisations: int = len(_CORPORATE)
    corporate_share: float = 0.06  # share of works by an organisation
    common_share: float = 0.1  # share of authors from the short list of common surnames

    @property
    def name(self) -> str:
        if self == NameShape():
            return ""
        surnames = "all" if self.surnames is None else self.surnames
        return f"-n{surnames}o{self.organisations}c{self.corporate_share}s{self.common_share}"


NAME_SHAPES = {
    "spread": NameShape(),
    "concentrated": NameShape(surnames=78, organisations=10),
    # The concentrated shape with half its surnames: as many works, twice as many each.
    "halved": NameShape(surnames=39, organisations=10),
}


def name_shape(text: str) -> NameShape:
    """A shape by name (spread, concentrated, halved) or as SURNAMES:ORGANISATIONS[:SHARE]."""
    if text in NAME_SHAPES:
        return NAME_SHAPES[text]
    parts = text.split(":")
    if not 2 <= len(parts) <= 3 or not all(p.strip() for p in parts):
        raise ValueError(
            f"{text!r}: give {', '.join(NAME_SHAPES)} or SURNAMES:ORGANISATIONS[:SHARE]"
        )
    share = float(parts[2]) if len(parts) == 3 else NameShape().corporate_share
    return NameShape(surnames=int(parts[0]), organisations=int(parts[1]), corporate_share=share)


class Corpus:
    """Words, references and tags drawn from one seed."""

    def __init__(self, seed: int, names: NameShape | None = None) -> None:
        self.rng = random.Random(seed)
        self.names = names or NameShape()
        self.words = self._make_words(900)
        self.families = list(_FAMILY) + [
            w.capitalize() for w in self._make_words(4000) if len(w) > 3
        ]
        if self.names.surnames is not None:
            self.families = self.families[: self.names.surnames]
        self.common = _FAMILY[: self.names.surnames] if self.names.surnames else _FAMILY
        self.corporate = list(_CORPORATE)[: self.names.organisations]
        while len(self.corporate) < self.names.organisations:
            kind = self.rng.choice(("Trust", "Council", "Institute", "Foundation", "Network"))
            self.corporate.append(f"{self.rng.choice(self.words).capitalize()} {kind}")
        self.givens = list(_GIVEN) + [w.capitalize() for w in self._make_words(300) if len(w) > 3]

    def _make_words(self, count: int) -> list[str]:
        seen: dict[str, None] = {}
        while len(seen) < count:
            n = self.rng.choice((1, 2, 2, 3, 3, 4))
            seen.setdefault("".join(self.rng.choice(_SYLLABLES) for _ in range(n)), None)
        return list(seen)

    def phrase(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(self.rng.randint(low, high)))

    def title(self, low: int = 3, high: int = 8) -> str:
        return self.phrase(low, high).capitalize()

    # -- references --------------------------------------------------------------------------

    def _person(self) -> tuple[str, str]:
        """(key stem, BibTeX name) for one author."""
        # One author in ten from the short list that has accents, apostrophes and particles.
        common = self.rng.random() < self.names.common_share
        family = self.rng.choice(self.common if common else self.families)
        given = self.rng.choice(self.givens)
        bib_family = _FAMILY_BIB.get(family, family)
        if self.rng.random() < 0.08:
            particle = self.rng.choice(_PARTICLES)
            return particle.replace(" ", "") + family, f"{particle} {bib_family}, {given}"
        return family, f"{bib_family}, {given}"

    def _authors(self) -> tuple[str, str]:
        if self.corporate and self.rng.random() < self.names.corporate_share:
            corporate = self.rng.choice(self.corporate)
            return corporate.split()[0], "{" + corporate + "}"
        people = [self._person() for _ in range(self.rng.choice((1, 1, 2, 2, 3, 4, 6)))]
        return people[0][0], " and ".join(name for _, name in people)

    def bibliography(self, count: int) -> list[BibEntry]:
        """``count`` entries of mixed types, with unique Better-BibTeX-style keys."""
        entries: list[BibEntry] = []
        used: set[str] = set()
        kinds = (
            ("article",) * 5 + ("book",) * 2 + ("incollection", "techreport", "misc", "phdthesis")
        )
        for _ in range(count):
            kind = self.rng.choice(kinds)
            stem, authors = self._authors()
            year = self.rng.randint(1975, 2025)
            word = self.rng.choice(self.words)
            # Reference managers fold keys to ASCII: "García" -> "garcia".
            ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
            stem = "".join(ch for ch in ascii_stem.lower() if ch.isalnum())
            key = f"{stem}{year}{word}"
            if self.rng.random() < 0.1:  # the colon keys some reference managers produce
                key = f"{stem.capitalize()}:{year}:{word}"
            suffix = 0
            while key in used:
                suffix += 1
                key = f"{stem}{year}{word}{suffix}"
            used.add(key)
            entries.append(BibEntry(key, kind, year, self._bibtex(kind, key, authors, year)))
        return entries

    def _bibtex(self, kind: str, key: str, authors: str, year: int) -> str:
        rng = self.rng
        title = self.title(4, 11)
        fields: list[tuple[str, str]] = [("author", authors), ("title", "{" + title + "}")]
        if rng.random() < 0.2:  # a protected word: sentence case must keep it
            fields[1] = ("title", "{" + title + " in the {NHS}}")
        if kind == "article":
            fields += [
                ("journal", self.title(2, 4)),
                ("volume", str(rng.randint(1, 60))),
                ("number", str(rng.randint(1, 12))),
                ("pages", f"{(p := rng.randint(1, 400))}--{p + rng.randint(5, 30)}"),
            ]
            if rng.random() < 0.6:
                fields.append(("doi", f"10.{rng.randint(1000, 9999)}/{key.lower()}"))
        elif kind == "book":
            fields += [("publisher", self.title(1, 3) + " Press"), ("address", "London")]
        elif kind == "incollection":
            fields += [
                ("booktitle", self.title(3, 7)),
                ("editor", self._person()[1]),
                ("publisher", self.title(1, 2) + " Press"),
                ("pages", f"{(p := rng.randint(1, 300))}--{p + rng.randint(10, 30)}"),
            ]
        elif kind == "techreport":
            fields += [("institution", rng.choice(_CORPORATE)), ("type", "Report")]
        elif kind == "phdthesis":
            fields += [("school", "University of " + rng.choice(_FAMILY))]
        else:  # misc: a web page
            fields += [
                ("howpublished", "Web page"),
                ("url", f"https://example.org/{key.lower().replace(':', '-')}"),
                ("urldate", f"{rng.randint(2015, 2025)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"),
            ]
        fields.append(("year", str(year)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@{kind}{{{key},\n{body}\n}}\n"

    # -- tags --------------------------------------------------------------------------------

    def vocabulary(self, count: int) -> list[Tag]:
        """``count`` tags: the seed tags first, then made-up ones; some have a parent."""
        ids = list(_TAG_SEEDS[:count])
        while len(ids) < count:
            candidate = f"{self.rng.choice(self.words)}-{self.rng.choice(self.words)}"
            if candidate not in ids:
                ids.append(candidate)
        tags: list[Tag] = []
        for index, tag_id in enumerate(ids):
            # Parents only point backwards, so the hierarchy has no cycle.
            parent = (
                ids[self.rng.randrange(index)] if index > 4 and self.rng.random() < 0.3 else None
            )
            aliases = (tag_id.replace("-", ""),) if "-" in tag_id else ()
            tags.append(
                Tag(
                    id=tag_id,
                    label=tag_id.replace("-", " ").capitalize(),
                    description=self.phrase(20, 40).capitalize() + ".",
                    parent=parent,
                    aliases=aliases,
                )
            )
        return tags
