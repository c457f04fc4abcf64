"""Margin notes attached to passages of an essay.

A passage is marked in the text with ``[the passage]{>note-id}``; the note is a
``/// annotation | note-id`` block (pymdown-extensions' generic blocks) after the paragraph.
The Python-Markdown extension in :mod:`marginalia.annotations.extension` renders both and
records what it saw in an :class:`~marginalia.annotations.records.AnnotationsReport`;
:mod:`marginalia.annotations.diagnose` turns the report's faults into located diagnostics.
"""

from __future__ import annotations

from marginalia.annotations.records import AnnotationsReport, NoteRecord, Problem, TargetRecord

__all__ = ["AnnotationsReport", "NoteRecord", "Problem", "TargetRecord"]
