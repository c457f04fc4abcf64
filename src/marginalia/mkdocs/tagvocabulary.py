"""The tag vocabulary file (``data/tags.yml``), each entry checked by MkDocs' typed options.

As Material validates ``.authors.yml``: a :class:`TagEntryConfig` per entry, so a wrong
field is reported like a wrong setting in ``mkdocs.yml``, at the entry's line.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from marginalia.diagnostics import Diagnostic
from marginalia.tags.vocabulary import TagVocabulary, build_vocabulary, read_entries


class TagEntryConfig(base.Config):
    """One entry of ``data/tags.yml`` (its id is the key it is written under)."""

    label = c.Optional(c.Type(str))
    """The name readers see; defaults to the id with a capital first letter."""

    description = c.Type(str, default="")
    """One paragraph of Markdown saying what the theme covers; may cite with ``[@key]``."""

    aliases = c.ListOfItems(c.Type(str), default=[])
    """Other spellings pages may use; they are replaced by the id without a warning."""

    parent = c.Optional(c.Type(str))
    """The id of a broader tag."""


def load_vocabulary(text: str, path: str) -> tuple[TagVocabulary, list[Diagnostic]]:
    """The vocabulary in ``text`` (the file at ``path``) and its faults, by line."""
    entries, faults = read_entries(text, path)
    valid: dict[str, dict[str, Any]] = {}
    for entry in entries:
        checker = TagEntryConfig()
        checker.load_dict(entry.data)
        failed, unknown = checker.validate()
        for name, error in failed:
            faults.append(
                Diagnostic(
                    path,
                    entry.line_of(name),
                    "tags.vocabulary-invalid",
                    f"tag '{entry.id}': '{name}' {_reason(error)}",
                    "see 'Adding a tag' in the README",
                )
            )
        for name, _ in unknown:
            faults.append(
                Diagnostic(
                    path,
                    entry.line_of(name),
                    "tags.vocabulary-invalid",
                    f"tag '{entry.id}' has an unknown field '{name}'",
                    "use label, description, aliases or parent",
                )
            )
        # A field that failed is dropped, not the tag: pages using it stay valid.
        bad = {name for name, _ in failed}
        valid[entry.id] = {
            k: None if k in bad else checker[k]
            for k in ("label", "description", "aliases", "parent")
        }
    vocabulary, more = build_vocabulary(entries, valid, path)
    return vocabulary, sorted(faults + more, key=lambda d: (d.line or 0, d.code))


def _reason(error: ValidationError | Exception) -> str:
    text = str(error).strip().rstrip(".")
    return text[:1].lower() + text[1:]
