"""The tag vocabulary: ``data/tags.yml`` read with line numbers, checked, and queried.

Reading happens in two steps so that the MkDocs adapter can validate the shape of every
entry with MkDocs' typed config options (as Material validates ``.authors.yml``) while this
module stays free of MkDocs: :func:`read_entries` parses the YAML and remembers where each
entry and field sits; :func:`build_vocabulary` checks what only the whole vocabulary can
tell (unknown parents, cycles, clashing aliases) and returns a :class:`TagVocabulary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from marginalia.diagnostics import Diagnostic, closest

TAG_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Tag:
    """One entry of the vocabulary."""

    id: str
    label: str
    description: str  # Markdown, may hold Pandoc citations
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    line: int | None = None  # where the entry starts in the vocabulary file
    # First and last line of the description's value as written in the file, so that a
    # fault in it (an unknown citation key) is reported where a contributor can fix it.
    description_lines: tuple[int, int] | None = None


@dataclass(frozen=True)
class RawEntry:
    """A vocabulary entry as written, before its fields are validated."""

    id: str
    data: Any
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    value_lines: dict[str, tuple[int, int]] = field(default_factory=dict)  # first, last

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass
class TagVocabulary:
    """Every tag by id, and every alias by the id it stands for."""

    path: str = "data/tags.yml"
    tags: dict[str, Tag] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def resolve(self, name: str) -> str | None:
        """The tag id that ``name`` (an id or an alias) stands for, or ``None``."""
        if name in self.tags:
            return name
        return self.aliases.get(name)

    def suggest(self, name: str) -> str | None:
        """The id of the tag nearest in spelling to ``name``, for 'did you mean ...?'."""
        names = {**{t: t for t in self.tags}, **self.aliases}
        match = closest(name, names)
        return names[match] if match else None

    def children(self, tag_id: str) -> list[Tag]:
        return sorted(
            (t for t in self.tags.values() if t.parent == tag_id), key=lambda t: t.label.lower()
        )

    def roots(self) -> list[Tag]:
        return sorted(
            (t for t in self.tags.values() if not t.parent or t.parent not in self.tags),
            key=lambda t: t.label.lower(),
        )

    def __contains__(self, tag_id: object) -> bool:
        return tag_id in self.tags

    def __len__(self) -> int:
        return len(self.tags)


def read_entries(text: str, path: str) -> tuple[list[RawEntry], list[Diagnostic]]:
    """Parse the vocabulary file into entries that remember their lines.

    The file is a mapping ``tags: {id: {label, description, aliases, parent}}``. A YAML
    error or a wrong shape is reported with its line and yields no entries.
    """
    faults: list[Diagnostic] = []

    def invalid(line: int | None, message: str, fix: str) -> None:
        faults.append(Diagnostic(path, line, "tags.vocabulary-invalid", message, fix))

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        invalid(mark.line + 1 if mark else None, f"not valid YAML: {problem}", "fix the syntax")
        return [], faults
    finally:
        loader.dispose()

    tags_node = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "tags":
                tags_node = value
    if not isinstance(tags_node, yaml.MappingNode):
        line = tags_node.start_mark.line + 1 if tags_node is not None else 1
        invalid(
            line,
            "the vocabulary must be a mapping under 'tags:'",
            "write 'tags:' then one 'id: {...}' per tag",
        )
        return [], faults

    entries: list[RawEntry] = []
    seen: dict[str, int] = {}
    constructor = yaml.SafeLoader("")
    for key, value in tags_node.value:
        line = key.start_mark.line + 1
        tag_id = str(key.value)
        if tag_id in seen:
            invalid(
                line,
                f"tag '{tag_id}' is defined twice (first on line {seen[tag_id]})",
                "merge the two entries",
            )
            continue
        seen[tag_id] = line
        if not TAG_ID.fullmatch(tag_id):
            invalid(
                line,
                f"tag id '{tag_id}' is not lower-case words joined by hyphens",
                "rename it, e.g. 'well-being'",
            )
            continue
        if not isinstance(value, yaml.MappingNode):
            invalid(
                line,
                f"tag '{tag_id}' must be a mapping of fields",
                "give it at least 'label:' and 'description:'",
            )
            continue
        field_lines = {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
        value_lines = {str(k.value): _value_lines(v) for k, v in value.value}
        data = constructor.construct_object(value, deep=True)
        entries.append(RawEntry(tag_id, data, line, field_lines, value_lines))
    return entries, faults


def _value_lines(node: yaml.Node) -> tuple[int, int]:
    """The 1-based first and last line a YAML value is written on."""
    first = node.start_mark.line + 1
    # A block scalar ends at the start of the line after it (column 0 there).
    last = node.end_mark.line + (0 if node.end_mark.column == 0 else 1)
    return first, max(first, last)


def build_vocabulary(
    entries: list[RawEntry], valid: dict[str, dict[str, Any]], path: str
) -> tuple[TagVocabulary, list[Diagnostic]]:
    """Check the entries as a whole and build the vocabulary.

    ``valid`` maps each id whose fields passed validation to its field values (``label``,
    ``description``, ``aliases``, ``parent``). Entries left out of it were already reported.
    """
    faults: list[Diagnostic] = []
    vocabulary = TagVocabulary(path=path)
    by_id = {e.id: e for e in entries}

    for entry in entries:
        fields = valid.get(entry.id)
        if fields is None:
            continue
        description = str(fields.get("description") or "").strip()
        if not description:
            faults.append(
                Diagnostic(
                    path,
                    entry.line,
                    "tags.no-description",
                    f"tag '{entry.id}' has no description",
                    "add a one-paragraph 'description:' saying what the theme covers",
                )
            )
        label = str(fields.get("label") or "").strip() or entry.id[:1].upper() + entry.id[1:]
        aliases = tuple(dict.fromkeys(str(a).strip() for a in fields.get("aliases") or []))
        parent = fields.get("parent") or None
        vocabulary.tags[entry.id] = Tag(
            entry.id,
            label,
            description,
            aliases,
            parent,
            entry.line,
            entry.value_lines.get("description") if description else None,
        )

    for tag in vocabulary.tags.values():
        entry = by_id[tag.id]
        for alias in tag.aliases:
            owner = vocabulary.aliases.get(alias)
            if alias in vocabulary.tags or (owner and owner != tag.id):
                other = alias if alias in vocabulary.tags else owner
                faults.append(
                    Diagnostic(
                        path,
                        entry.line_of("aliases"),
                        "tags.vocabulary-invalid",
                        f"alias '{alias}' of tag '{tag.id}' already names tag '{other}'",
                        "remove one of them",
                    )
                )
                continue
            vocabulary.aliases[alias] = tag.id

    for tag in vocabulary.tags.values():
        if tag.parent and tag.parent not in vocabulary.tags:
            hint = vocabulary.suggest(tag.parent)
            fix = f"did you mean {hint}?" if hint else "name a tag defined in this file"
            faults.append(
                Diagnostic(
                    path,
                    by_id[tag.id].line_of("parent"),
                    "tags.unknown-parent",
                    f"tag '{tag.id}' has parent '{tag.parent}', which is not a tag",
                    fix,
                )
            )

    faults.extend(_cycles(vocabulary, by_id, path))
    return vocabulary, faults


def _cycles(vocabulary: TagVocabulary, by_id: dict[str, RawEntry], path: str) -> list[Diagnostic]:
    """One fault per cycle of parents, at the line of its first member in the file."""
    faults: list[Diagnostic] = []
    reported: set[str] = set()
    for start in vocabulary.tags:
        chain: list[str] = []
        current: str | None = start
        while current and current in vocabulary.tags and current not in chain:
            chain.append(current)
            current = vocabulary.tags[current].parent
        if not current or current not in chain:
            continue
        cycle = chain[chain.index(current) :]
        if reported.intersection(cycle):
            continue
        reported.update(cycle)
        first = min(cycle, key=lambda t: by_id[t].line)
        ordered = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
        loop = " → ".join([*ordered, first])
        faults.append(
            Diagnostic(
                path,
                by_id[first].line_of("parent"),
                "tags.parent-cycle",
                f"parents form a cycle: {loop}",
                "remove one 'parent:' so the chain ends",
            )
        )
    return faults
