"""Once a page is parsed: number its notes, link passages to them, report what is wrong."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections import Counter
from typing import Any

from markdown.treeprocessors import Treeprocessor

from marginalia.annotations import render
from marginalia.annotations.records import (
    AnnotationsReport,
    Locator,
    NoteRecord,
    Problem,
    TargetRecord,
)
from marginalia.annotations.state import NoteBlockInfo, StateGetter
from marginalia.annotations.syntax import is_note_id, note_anchor, passage_anchor
from marginalia.diagnostics import closest


class NotesTreeprocessor(Treeprocessor):
    """Numbers notes in page order and resolves every ``{>id}`` against them."""

    def __init__(self, md: Any, state: StateGetter) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        state = self.state()
        parents = {child: parent for parent in root.iter() for child in parent}
        notes: list[tuple[etree.Element, NoteBlockInfo]] = []
        marks: list[etree.Element] = []
        for element in root.iter():
            if element in state.blocks:
                notes.append((element, state.blocks[element]))
            elif element.get(render.TARGET_ATTR) is not None:
                marks.append(element)

        report = AnnotationsReport(problems=list(state.problems))
        by_id: dict[str, tuple[etree.Element, NoteRecord]] = {}
        for number, (aside, info) in enumerate(notes, start=1):
            anchor = note_anchor(info.note_id) if info.note_id else f"note-{number}"
            if info.note_id and info.note_id in by_id:
                anchor = f"{anchor}-{number}"  # keep HTML ids unique; the fault is reported
                report.problems.append(_duplicate(info, by_id[info.note_id][1]))
            record = NoteRecord(number, info.note_id or "", anchor, info.tags)
            report.notes.append(record)
            if info.note_id and info.note_id not in by_id:
                by_id[info.note_id] = (aside, record)

        targeted: dict[str, str] = {}  # note id -> anchor of its first passage
        seen: Counter[str] = Counter()
        for mark in marks:
            raw = mark.get(render.TARGET_ATTR, "")
            seen[raw] += 1
            where = Locator("target", raw, seen[raw])
            anchor = passage_anchor(raw, seen[raw]) if is_note_id(raw) else ""
            found = by_id.get(raw)
            text = "".join(mark.itertext()).strip()
            if not is_note_id(raw):
                report.problems.append(_bad_target_id(raw, where))
            elif found is None:
                report.problems.append(_missing_note(raw, where, list(by_id)))
            render.finish_target(
                mark,
                parents[mark],
                anchor or f"passage-{len(report.targets) + 1}",
                found[1].anchor if found else None,
                found[1].number if found else 0,
            )
            report.targets.append(
                TargetRecord(raw, mark.get("id", ""), found[1].number if found else 0, text)
            )
            if found:
                targeted.setdefault(raw, mark.get("id", ""))

        for (aside, info), record in zip(notes, report.notes, strict=True):
            # Only the first note of an id is reachable from a passage; a duplicate is
            # reported already and gets no back-link.
            is_first = bool(info.note_id) and by_id[info.note_id][0] is aside
            passage = targeted.get(record.note_id) if is_first else None
            render.finish_note(aside, record.anchor, record.number, record.tags, passage)
            if is_first and info.note_id not in targeted:
                report.problems.append(_no_target(info))
        render.place_notes(root)
        state.report = report


def _duplicate(info: NoteBlockInfo, first: NoteRecord) -> Problem:
    return Problem(
        "annotations.duplicate-id",
        f"note id {info.note_id!r} is already used by note {first.number} on this page",
        "give each note its own id, and point its passage at it with {>new-id}",
        info.where,
    )


def _no_target(info: NoteBlockInfo) -> Problem:
    return Problem(
        "annotations.no-target",
        f"note {info.note_id!r} has no passage pointing at it",
        f"mark the passage it comments on with [the passage]{{>{info.note_id}}}, "
        "or remove the note",
        info.where,
    )


def _missing_note(raw: str, where: Locator, known: list[str]) -> Problem:
    suggestion = closest(raw, known)
    fix = (
        f"did you mean {{>{suggestion}}}?"
        if suggestion
        else f"add a '/// annotation | {raw}' block after the paragraph"
    )
    return Problem(
        "annotations.missing-note",
        f"passage marked {{>{raw}}} has no note {raw!r} on this page",
        fix,
        where,
    )


def _bad_target_id(raw: str, where: Locator) -> Problem:
    return Problem(
        "annotations.malformed",
        f"passage marked {{>{raw}}} does not name a valid note id",
        "use letters, digits, hyphens and underscores only, e.g. {>market-logic}",
        where,
    )
