"""The works in ``bib/`` keep the fields that were checked against the works themselves."""

from __future__ import annotations

import pytest
from tests.content.sources import BIB, REPO, fingerprints

from fingerprints import bib_print
from marginalia.bibliography import parse_bib_text

CHECKED = {key: (bib, fields) for bib in fingerprints().bibs for key, fields in bib.entries.items()}


def _entries():
    for path in sorted(BIB.glob("*.bib")):
        parsed = parse_bib_text(path.read_text(encoding="utf-8"), path.name)
        yield from ((path, entry) for entry in parsed.entries)


ENTRIES = list(_entries())
# Works added after the checked sources were fingerprinted are checked by whoever adds them.
CHECKED_ENTRIES = [(path, entry) for path, entry in ENTRIES if entry.key in CHECKED]


def test_the_checked_sources_are_fingerprinted_and_in_bib():
    assert len(CHECKED) >= 10
    assert sorted(set(CHECKED) - {entry.key for _, entry in ENTRIES}) == []


@pytest.mark.parametrize(("path", "entry"), CHECKED_ENTRIES, ids=lambda x: getattr(x, "key", ""))
def test_an_entry_from_the_checked_sources_keeps_their_fields(path, entry):
    bib, checked = CHECKED[entry.key]
    ours = bib_print(bib.name, [(entry.key, entry.entry_type, _values(entry))])
    where = f"{path.relative_to(REPO)}:{entry.line}"
    added = sorted(set(ours.entries[entry.key]) - set(checked))
    changed = sorted(
        name
        for name, digest in ours.entries[entry.key].items()
        if name in checked and digest != checked[name]
    )
    dropped = sorted(set(checked) - set(ours.entries[entry.key]))
    assert (added, changed, dropped) == ([], [], []), (
        f"{where}: '{entry.key}' differs from the checked source (added, changed, dropped "
        "fields); check them against the work, then remake the fingerprint"
    )


def test_a_changed_field_is_noticed():
    bib = fingerprints().bibs[0]
    key, checked = next(iter(bib.entries.items()))
    entry = next(e for _, e in ENTRIES if e.key == key)
    values = _values(entry)
    name = next(n for n in values if n != "@type")
    values[name] = values[name] + " (edited)"
    ours = bib_print(bib.name, [(key, entry.entry_type, values)])
    assert ours.entries[key][name] != checked[name]


def _values(entry) -> dict[str, str]:
    return {name: entry.value(name) for name in entry.fields}
