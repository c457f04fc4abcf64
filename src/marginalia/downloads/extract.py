"""The essay of a built page: its article's text, notes, references and "Cite this page".

Read from the HTML MkDocs wrote, so the downloads hold exactly what the page shows, with
the citations as Pandoc formatted them. What is navigation or repeats the page elsewhere
(permalinks, citation previews, "Related", "Linked from", the download links) is left out.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import _Element

from marginalia.downloads.essay import Block, BlockKind, Essay, Note, Run, Style

DOWNLOADS_CLASS = "mg-downloads"
_SKIP_CLASSES = {
    # Ways back to the text ("↩"): navigation in a page, nothing to read in a file.
    "footnote-backref",
    "headerlink",
    "mg-cite__preview",
    "mg-crosslinks",
    "mg-note__head",
    DOWNLOADS_CLASS,
    "md-source-file",
    "md-content__button",
    "mg-faults",
}
_BLOCKS = {"p", "h2", "h3", "h4", "li", "dt", "dd", "pre", "figcaption", "td", "th"}
_SPACE = re.compile(r"\s+")
_LANG = re.compile(r'<html[^>]*\blang="([A-Za-z0-9-]+)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


class NotAnEssay(ValueError):
    """The page has no article to take away (a theme that writes none)."""


def essay_from_html(html: str, *, url: str, site_name: str) -> Essay:
    # Only the article is parsed: the theme's header, navigation and scripts around it are
    # most of a page and hold nothing of the essay.
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        raise NotAnEssay("the built page has no <article> element")
    article = lxml.html.fromstring(html[start : end + len("</article>")])
    h1 = article.find(".//h1")
    title = _clean(_inline_text(h1)) if h1 is not None else ""
    if not title:
        found = _TITLE.search(html, 0, start)
        title = _clean(lxml.html.fromstring(found.group(1)).text_content()) if found else ""
    lang = _LANG.search(html, 0, start)
    reader = _Reader()
    reader.walk(article)
    cite_style, cite_text = _cite(article)
    return Essay(
        title=title,
        url=url,
        site_name=site_name,
        cite_style=cite_style,
        cite_text=cite_text,
        blocks=tuple(reader.blocks),
        notes=tuple(reader.notes),
        references=tuple(_references(article)),
        language=lang.group(1) if lang else "en",
    )


def _classes(element: _Element) -> set[str]:
    return set((element.get("class") or "").split())


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[Note] = []

    def walk(self, element: _Element, quote: bool = False) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue  # a comment
            classes = _classes(child)
            if classes & _SKIP_CLASSES or child.tag in ("h1", "script", "style"):
                continue
            if child.tag == "details" and child.get("id") == "cite-this-page":
                continue
            if child.tag == "section" and "mg-references" in classes:
                continue
            if "mg-notes" in classes:
                self.notes += [_note(aside) for aside in child.iter("aside")]
                continue
            if child.tag in _BLOCKS:
                kind: BlockKind = _kind(child.tag, quote)
                if child.tag == "li" and any(c.tag in ("p", "ul", "ol") for c in child):
                    self.walk(child, quote)  # a loose list: its paragraphs are the blocks
                    continue
                runs = _runs(child)
                if runs:
                    self.blocks.append(Block(kind, runs))
            else:
                self.walk(child, quote or child.tag == "blockquote")


def _kind(tag: str, quote: bool) -> BlockKind:
    if tag in ("h2", "h3"):
        return tag  # type: ignore[return-value]
    if tag == "h4":
        return "h3"
    if tag in ("li", "dd"):
        return "item"
    return "quote" if quote else "p"


def _note(aside: _Element) -> Note:
    label = aside.find(".//*[@class='mg-note__label']")
    digits = re.findall(r"\d+", _inline_text(label)) if label is not None else []
    body = next((e for e in aside.iter() if "mg-note__body" in _classes(e)), aside)
    reader = _Reader()
    reader.walk(body)
    blocks = reader.blocks or [Block("p", _runs(body))]
    return Note(int(digits[0]) if digits else 0, tuple(blocks))


def _runs(element: _Element) -> tuple[Run, ...]:
    runs: list[Run] = []
    _collect(element, "", runs)
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].style == run.style:
            merged[-1] = Run(merged[-1].text + run.text, run.style)
        else:
            merged.append(run)
    # Whitespace as a browser shows it: runs of it are one space, none at the ends.
    out: list[Run] = []
    for run in merged:
        text = _SPACE.sub(" ", run.text)
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if text:
            out.append(Run(text, run.style))
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].style)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].style)
    return tuple(r for r in out if r.text)


def _collect(element: _Element, style: Style, runs: list[Run]) -> None:
    if element.text:
        runs.append(Run(element.text, style))
    for child in element:
        if isinstance(child.tag, str) and not _classes(child) & _SKIP_CLASSES:
            if child.tag == "sup" and "mg-ref" in _classes(child):
                runs.append(Run(_clean(_inline_text(child)), "note"))
            elif child.tag == "br":
                runs.append(Run(" ", style))
            elif child.tag == "q":  # a browser adds the quotation marks; so do the files
                runs.append(Run("“", style))
                _collect(child, style, runs)
                runs.append(Run("”", style))
            else:
                _collect(child, _styled(style, child.tag), runs)
        if child.tail:
            runs.append(Run(child.tail, style))


def _styled(style: Style, tag: str) -> Style:
    italic = tag in ("em", "i", "cite")
    bold = tag in ("strong", "b")
    has_i = "i" in style or italic
    has_b = "b" in style or bold
    return "bi" if has_i and has_b else "i" if has_i else "b" if has_b else ""


def _inline_text(element: _Element) -> str:
    return "".join(r.text for r in _runs_all(element))


def _runs_all(element: _Element) -> list[Run]:
    runs: list[Run] = []
    _collect(element, "", runs)
    return runs


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _cite(article: _Element) -> tuple[str, str]:
    box = article.find(".//details[@id='cite-this-page']")
    if box is None:
        return "", ""
    style = box.find(".//p[@class='marginalia-cite__style']")
    reference = box.find(".//div[@class='marginalia-cite__reference']")
    return (
        _clean(style.text_content()) if style is not None else "",
        _clean(reference.text_content()) if reference is not None else "",
    )


def _references(article: _Element) -> list[str]:
    section = article.find(".//section[@id='mg-references']")
    if section is None:
        return []
    found = []
    for entry in section.iter("div"):
        if "csl-entry" not in _classes(entry):
            continue
        for link in entry.findall(".//a[@aria-label='This work in the Bibliography']"):
            link.drop_tree()
        text = _clean(entry.text_content())
        if text:
            found.append(text)
    return found
