"""The Python-Markdown extension for margin notes: ``[passage]{>id}`` and ``/// annotation``.

It runs under any Python-Markdown host (MkDocs, ProperDocs, Zensical or a plain
``markdown.Markdown(extensions=["marginalia.annotations"])`` call). Parsing happens in three
places, each doing one thing:

* :class:`AnnotationBlock` (a pymdown-extensions generic block) turns the block into an
  ``<aside>`` whose body holds the note's Markdown;
* :class:`TargetInlineProcessor` turns ``[passage]{>id}`` into a ``<mark>``;
* :class:`NotesTreeprocessor` runs once the page is parsed: it numbers the notes in page
  order, links passages and notes both ways, places each note beside the block it follows
  and writes an :class:`~marginalia.annotations.records.AnnotationsReport`.

Faults never stop the conversion: each is recorded as a
:class:`~marginalia.annotations.records.Problem` and the page still renders.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any, ClassVar

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import NOIMG, LinkInlineProcessor
from markdown.preprocessors import Preprocessor
from pymdownx.blocks import RE_START, BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block

from marginalia.annotations import render
from marginalia.annotations.numbering import NotesTreeprocessor
from marginalia.annotations.quotes import QuoteCheckTreeprocessor
from marginalia.annotations.records import AnnotationsReport, Locator, Problem
from marginalia.annotations.state import NoteBlockInfo, PageState
from marginalia.annotations.syntax import (
    BLOCK_NAME,
    OPTION_NAMES,
    TARGET_TAIL_RE,
    is_note_id,
    parse_tags,
)
from marginalia.diagnostics import closest


def _malformed(where: Locator, message: str, fix: str) -> Problem:
    return Problem("annotations.malformed", message, fix, where)


class AnnotationBlock(Block):
    """``/// annotation | note-id`` with an optional ``tags:`` option; the body is Markdown.

    The argument is declared optional and every option is accepted, so that pymdown never
    silently drops a faulty block back to plain text: faults are recorded instead.
    """

    NAME = BLOCK_NAME
    ARGUMENT = None
    OPTIONS: ClassVar[dict[str, tuple[Any, Any]]] = {name: (None, None) for name in OPTION_NAMES}

    def _validate(self, parent: etree.Element, arg: Any, **options: Any) -> bool:
        self.unknown_options = sorted(k for k in options if k not in self.option_spec)
        known = {k: v for k, v in options.items() if k in self.option_spec}
        if "attrs" in known:  # pymdown's own attribute option: never worth failing a note
            known.pop("attrs")
        return super()._validate(parent, arg, **known)

    def on_validate(self, parent: etree.Element) -> bool:
        state: PageState = self.config["state"]()
        raw = (self.argument or "").strip()
        where = state.next_header(raw)
        problems = list(state.pending)
        state.pending.clear()
        note_id: str | None = raw
        if not raw:
            note_id = None
            problems.append(
                _malformed(
                    where,
                    "annotation block without a note id",
                    "write '/// annotation | note-id' with the id used by its passage's {>note-id}",
                )
            )
        elif not is_note_id(raw):
            note_id = None
            problems.append(
                _malformed(
                    where,
                    f"note id {raw!r} is not a valid id",
                    "use letters, digits, hyphens and underscores only, e.g. 'market-logic'",
                )
            )
        for name in self.unknown_options:
            problems.append(
                _malformed(
                    where,
                    f"unknown option {name!r} in annotation block",
                    f"did you mean {hint!r}?"
                    if (hint := closest(name, OPTION_NAMES))
                    else "the only option is 'tags: [a, b]', indented by four spaces",
                )
            )
        tags, error = parse_tags(self.options.get("tags"))
        if error:
            problems.append(_malformed(where, error, "write 'tags: [coercion, power]'"))
        state.problems.extend(problems)
        self.info = NoteBlockInfo(note_id, raw, tags, where)
        return True

    def on_create(self, parent: etree.Element) -> etree.Element:
        aside = render.note_shell(parent)
        self.config["state"]().blocks[aside] = self.info
        return aside

    def on_add(self, block: etree.Element) -> etree.Element:
        return render.note_body(block)

    def on_markdown(self) -> str:
        return "block"


class HeaderGuardProcessor(BlockProcessor):
    """Catches annotation blocks whose options are not YAML before pymdown sees them.

    pymdown would otherwise leave such a block as stray paragraphs with no trace. The guard
    records the fault and hands pymdown the same block without its option lines, so the
    note still renders (without tags) and its body is not lost.
    """

    def __init__(self, parser: Any, manager: BlocksProcessor, state: Any) -> None:
        super().__init__(parser)
        self.manager = manager
        self.state = state
        self._split: tuple[str, str] | None = None

    def test(self, parent: etree.Element, block: str) -> bool:
        self._split = None
        m = RE_START.search(block)
        if not m or m.group(2).lower() != BLOCK_NAME:
            return False
        options, rest = self.manager.split_header(block[m.end() :], len(m.group(1)))
        if options is not None:
            return False
        header = block[: m.end()].rstrip("\n")
        self._split = (header, rest)
        return True

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        assert self._split is not None
        header, rest = self._split
        blocks[0] = f"{header}\n{rest}" if rest else header
        raw = (RE_START.search(header).group(3) or "").strip()  # type: ignore[union-attr]
        where = Locator("header", raw, self.state().header_counts[raw] + 1)
        self.state().pending.append(
            _malformed(
                where,
                "the options of this annotation block are not valid YAML",
                "write them as 'tags: [coercion, power]', indented by four spaces",
            )
        )
        return None


class TargetInlineProcessor(LinkInlineProcessor):
    """``[the passage]{>note-id}``: a marked passage pointing at a note.

    Registered above footnote references, citations and reference links, so ``[text]{>id}``
    is never taken for one of them; the passage's own Markdown (emphasis, links, citations)
    is processed by the lower-priority patterns as usual.
    """

    def handleMatch(  # type: ignore[override]
        self, m: Any, data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        text, index, handled = self.getText(data, m.end(0))
        if not handled:
            return None, None, None
        tail = TARGET_TAIL_RE.match(data, index)
        if not tail:
            return None, None, None
        return render.target_shell(text, tail.group(1)), m.start(0), tail.end(0)


class ResetPreprocessor(Preprocessor):
    """Starts every conversion with fresh state (one extension object serves many pages)."""

    def __init__(self, md: Markdown, extension: AnnotationsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.state = PageState()
        return lines


class AnnotationsExtension(BlocksExtension):
    """Margin notes for Python-Markdown; ``report`` holds the last page's findings."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "check_quotes": [
                True,
                "Require a citation in every blockquote and after every <q> quotation.",
            ],
        }
        super().__init__(**kwargs)
        self.state = PageState()

    @property
    def report(self) -> AnnotationsReport:
        """The findings of the most recent conversion."""
        return self.state.report

    def _current_state(self) -> PageState:
        return self.state

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        md.registerExtension(self)
        block_mgr.register(AnnotationBlock, {"state": self._current_state})
        md.preprocessors.register(ResetPreprocessor(md, self), "marginalia_annotations_reset", 40)
        md.parser.blockprocessors.register(
            HeaderGuardProcessor(md.parser, block_mgr, self._current_state),
            "marginalia_annotations_guard",
            90,
        )
        md.inlinePatterns.register(
            # Above footnote references (175) and citations (172): the outer bracket of
            # ``[a passage [@key]]{>id}`` is the passage; what is inside is parsed after.
            TargetInlineProcessor(NOIMG + r"\[", md),
            "marginalia_annotation_target",
            176,
        )
        if self.getConfig("check_quotes"):
            md.treeprocessors.register(
                QuoteCheckTreeprocessor(md, self._current_state),
                "marginalia_annotations_quotes",
                25,  # before inline parsing: the raw text still shows [@key] and <q>
            )
        # After inline parsing (20) and pymdown's block end hooks (19.99); before attr_list
        # (8) and toc (5), so toc keeps heading ids clear of the note ids set here.
        md.treeprocessors.register(
            NotesTreeprocessor(md, self._current_state), "marginalia_annotations_numbering", 15
        )

    # No ``reset``: the state is renewed when a conversion starts (ResetPreprocessor), so the
    # report of the last page survives a host calling ``md.reset()`` after converting.


def makeExtension(**kwargs: Any) -> AnnotationsExtension:
    """Entry point for ``markdown.Markdown(extensions=["marginalia.annotations.extension"])``."""
    return AnnotationsExtension(**kwargs)
