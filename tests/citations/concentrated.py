"""A small bibliography whose names are concentrated, as prolific authors and organisations
make them: few surnames (with namesakes: J. Smith, A. Smith), a few organisations, many
works of the same year, and clusters that cite across them."""

from __future__ import annotations

import random

SURNAMES = ("Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans", "Okafor", "Nguyen")
GIVEN = ("John", "Anna", "Kay")
ORGANISATIONS = ("Mind", "World Health Organization", "Department of Health")


def bibliography(count: int = 96, seed: int = 7) -> tuple[str, list[str]]:
    """The .bib text and its keys, in file order."""
    rng = random.Random(seed)
    entries, keys = [], []
    for number in range(count):
        key = f"w{number:03d}"
        year = rng.choice((2010, 2012, 2013, 2013, 2014))
        roll = rng.random()
        if roll < 0.2:
            names = f"author = {{{{{rng.choice(ORGANISATIONS)}}}}}"
        elif roll < 0.25:
            names = f"editor = {{{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}}}"
        elif roll < 0.28:
            names = ""  # cited by its title
        else:
            people = [
                f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}"
                for _ in range(rng.choice((1, 1, 2, 3)))
            ]
            names = f"author = {{{' and '.join(people)}}}"
        title = f"Report {number} on {rng.choice(('care', 'power', 'recovery', 'money'))}"
        fields = ", ".join(f for f in (names, f"title = {{{title}}}", f"year = {{{year}}}") if f)
        entries.append(f"@book{{{key}, {fields}, publisher = {{P}}}}\n")
        keys.append(key)
    return "".join(entries), keys


def clusters(
    keys: list[str], count: int = 140, seed: int = 11, narrative: bool = True
) -> list[str]:
    """Citation clusters in Pandoc's forms, most of them citing two or three works."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        picked = rng.sample(keys, rng.choice((1, 2, 2, 3, 3)))
        roll = rng.random()
        if len(picked) == 1 and roll < 0.3:
            out.append(f"@{picked[0]} [p. {rng.randint(1, 99)}]")
        elif narrative and len(picked) == 2 and roll < 0.1:
            out.append(f"@{picked[0]} [-@{picked[1]}]")
        else:
            cites = []
            for index, key in enumerate(picked):
                cite = f"@{key}"
                if rng.random() < 0.2:
                    cite = f"-{cite}"
                if rng.random() < 0.3:
                    cite += f", p. {rng.randint(1, 99)}"
                if index == 0 and rng.random() < 0.2:
                    cite = f"see {cite}"
                cites.append(cite)
            out.append(f"[{'; '.join(cites)}]")
    return out
