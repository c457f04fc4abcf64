"""A PDF of an essay, laid out directly on ReportLab's canvas.

ReportLab's Platypus (flowables, paragraphs parsed from markup) is the usual way and costs
several times more per page; an essay needs only wrapped lines in four faces, headings,
superscript note numbers and page numbers, so this module wraps words itself, measuring
each distinct word once. An essay whose every character Windows-1252 can encode (most
essays in Western European languages) is set in Helvetica, one of the fonts every PDF
reader has, so nothing is embedded; one with other characters that Bitstream Vera (shipped
inside ReportLab: no font file in the repository) can draw (Ł, č, ş, ≤, −) is set in Vera,
embedded as a subset, which costs a third more time and about 20 KB; an essay with a
character neither can draw is refused (:class:`MissingGlyphs`) rather than printed with
holes. ``invariant`` output: no date or
random document id, so the same essay gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marginalia.downloads.essay import Block, Essay, Run, Style

WIDTH, HEIGHT = 595.27, 841.89  # A4, in points
MARGIN = 68.0
TEXT_WIDTH = WIDTH - 2 * MARGIN
VERA = {"": "Vera", "i": "VeraIt", "b": "VeraBd", "bi": "VeraBI", "note": "Vera"}
HELVETICA = {
    "": "Helvetica",
    "i": "Helvetica-Oblique",
    "b": "Helvetica-Bold",
    "bi": "Helvetica-BoldOblique",
    "note": "Helvetica",
}
FILES = {"Vera": "Vera.ttf", "VeraIt": "VeraIt.ttf", "VeraBd": "VeraBd.ttf", "VeraBI": "VeraBI.ttf"}
_TOKEN = re.compile(r"\S+\s*|\s+")


class MissingGlyphs(ValueError):
    """Characters of the essay that the PDF's font has no glyph for."""

    def __init__(self, characters: str) -> None:
        super().__init__(characters)
        self.characters = characters


@cache
def _fonts() -> frozenset[int]:
    """Register the four faces once per process; the code points all of them can draw."""
    import reportlab
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # Binary streams, not ASCII85: smaller files and less work (a PDF is not mailed as text).
    rl_config.useA85 = 0
    folder = Path(reportlab.__file__).resolve().parent / "fonts"
    covered: frozenset[int] | None = None
    for name, file in FILES.items():
        font = TTFont(name, str(folder / file))
        pdfmetrics.registerFont(font)
        points = frozenset(font.face.charToGlyph)
        covered = points if covered is None else covered & points
    return covered or frozenset()


def missing_characters(text: str) -> str:
    covered = _fonts()
    return "".join(sorted(c for c in set(text) if ord(c) not in covered and not c.isspace()))


def faces_for(text: str) -> dict[str, str]:
    """Helvetica when Windows-1252 (the standard fonts' encoding) has every character,
    else Vera; :class:`MissingGlyphs` when Vera lacks some too."""
    _fonts()
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        missing = missing_characters(text)
        if missing:
            raise MissingGlyphs(missing) from None
        return VERA
    return HELVETICA


@dataclass(frozen=True)
class _Style:
    size: float
    leading: float
    before: float
    after: float
    indent: float = 0.0  # the whole block
    hanging: float = 0.0  # lines after the first


_STYLES = {
    "title": _Style(20, 25, 0, 12),
    "h1": _Style(16, 20, 6, 10),
    "h2": _Style(13, 17, 12, 6),
    "h3": _Style(11.5, 15, 10, 4),
    "p": _Style(10.5, 14.5, 0, 7),
    "quote": _Style(10, 14, 0, 7, indent=22),
    "item": _Style(10.5, 14.5, 0, 4, indent=14),
    "ref": _Style(9.5, 13, 0, 5, hanging=18),
    "note": _Style(9.5, 13, 0, 4, hanging=18),
    "small": _Style(9.5, 13, 0, 6),
}


# Words measured once per process, at size 1: essays of one site share most of their words.
_WIDTHS: dict[str, dict[str, float]] = {}


def _widths(face: str) -> dict[str, float]:
    found = _WIDTHS.get(face)
    if found is None:
        found = _WIDTHS[face] = {}
    return found


def _measure(word: str, face: str, widths: dict[str, float]) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = widths[word] = stringWidth(word, face, 1.0)
    return width


class _Layout:
    def __init__(self, essay: Essay, faces: dict[str, str]) -> None:
        from reportlab.pdfgen.canvas import Canvas

        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=(WIDTH, HEIGHT), invariant=1, pageCompression=1)
        self.canvas.setTitle(essay.title)
        self.canvas.setCreator(essay.site_name)
        self.canvas.setSubject(essay.url)
        self.faces = faces
        self.page = 1
        self.y = HEIGHT - MARGIN

    def measure(self, text: str, face: str, size: float) -> float:
        widths = _widths(face)
        unit = widths.get(text)
        return (unit if unit is not None else _measure(text, face, widths)) * size

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = HEIGHT - MARGIN

    def _footer(self) -> None:
        if self.page > 1:
            self.canvas.setFont(self.faces[""], 8.5)
            self.canvas.drawCentredString(WIDTH / 2, MARGIN / 2, str(self.page))

    def block(self, runs: tuple[Run, ...], kind: str, bullet: str = "") -> None:
        style = _STYLES[kind]
        if self.y < HEIGHT - MARGIN:
            self.y -= style.before
        lines = self._wrap(runs, style, kind)
        if kind.startswith("h") and self.y - style.leading * (len(lines) + 2) < MARGIN:
            self.new_page()  # no heading alone at the foot of a page
        for i, line in enumerate(lines):
            if self.y - style.leading < MARGIN - 4:
                self.new_page()
            self.y -= style.leading
            x = MARGIN + style.indent + (style.hanging if i else 0.0)
            if i == 0 and bullet:
                self.canvas.setFont(self.faces[""], style.size)
                self.canvas.drawString(x - 11, self.y, bullet)
            self._draw(line, x, style.size)
        self.y -= style.after

    def _wrap(self, runs: tuple[Run, ...], style: _Style, kind: str) -> list[list[tuple]]:
        bold = kind in ("title", "h1", "h2", "h3")
        lines: list[list[tuple]] = [[]]
        x = 0.0
        first_room = TEXT_WIDTH - style.indent
        room = first_room
        for run in runs:
            run_style: Style = run.style
            if bold and run_style in ("", "i"):
                run_style = "b" if run_style == "" else "bi"
            size = style.size * (0.68 if run_style == "note" else 1.0)
            face = self.faces[run_style]
            widths = _widths(face)  # at size 1, by word
            space = widths.get(" ") or _measure(" ", face, widths)
            for token in _TOKEN.findall(run.text):
                word = token.rstrip()
                unit = widths.get(word)
                if unit is None:
                    unit = _measure(word, face, widths)
                width = unit * size
                if x + width > room and lines[-1] and word:
                    lines.append([])
                    x = 0.0
                    room = first_room - style.hanging
                    if not token.strip():
                        continue
                while word and width > room:  # a long address: broken where it must be
                    cut = max(1, int(len(word) * room / width) - 1)
                    lines[-1].append((word[:cut], face, size, run_style))
                    lines.append([])
                    room = first_room - style.hanging
                    word, token = word[cut:], token[cut:]
                    width = self.measure(word, face, size)
                lines[-1].append((token, face, size, run_style))
                x += width + (len(token) - len(word)) * space * size
        return [line for line in lines if line]

    def _draw(self, line: list[tuple], x: float, size: float) -> None:
        canvas = self.canvas
        # Tokens of one face are drawn as one string: far fewer operators in the file.
        groups: list[list] = []
        for token, face, token_size, style in line:
            if groups and groups[-1][1] == face and groups[-1][3] == style:
                groups[-1][0] += token
            else:
                groups.append([token, face, token_size, style])
        for i, (text, face, token_size, style) in enumerate(groups):
            if i == len(groups) - 1:
                text = text.rstrip()
            canvas.setFont(face, token_size)
            rise = size * 0.36 if style == "note" else 0.0
            canvas.drawString(x, self.y + rise, text)
            x += self.measure(text, face, token_size)

    def finish(self) -> bytes:
        self._footer()
        self.canvas.save()
        return self.buffer.getvalue()


def pdf_bytes(essay: Essay) -> bytes:
    """The PDF file: title page with "Cite this page", the text, notes, references."""
    layout = _Layout(essay, faces_for(essay.all_text()))
    layout.y -= 120
    layout.block((Run(essay.title),), "title")
    layout.block((Run(essay.site_name),), "p")
    layout.block((Run(essay.url),), "small")
    if essay.cite_text:
        layout.y -= 30
        style = f" ({essay.cite_style})" if essay.cite_style else ""
        layout.block((Run(f"Cite this page{style}"),), "h2")
        layout.block((Run(essay.cite_text),), "p")
    layout.new_page()
    layout.block((Run(essay.title),), "h1")
    _blocks(layout, essay.blocks)
    if essay.notes:
        layout.block((Run("Notes"),), "h1")
        for note in essay.notes:
            for i, block in enumerate(note.blocks):
                head = (Run(f"{note.number}. "),) if i == 0 else (Run("    "),)
                layout.block(head + block.runs, "note")
    if essay.references:
        layout.block((Run("References"),), "h1")
        for reference in essay.references:
            layout.block((Run(reference),), "ref")
    return layout.finish()


def _blocks(layout: _Layout, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if block.kind == "item":
            layout.block(block.runs, "item", bullet="•")
        else:
            layout.block(block.runs, block.kind)
