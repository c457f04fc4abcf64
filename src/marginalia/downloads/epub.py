"""An EPUB 3 file of an essay, written as a zip by hand: small, fast and byte-for-byte
reproducible (fixed dates, no random identifiers).

The layout EPUB requires: ``mimetype`` first and stored uncompressed, then
``META-INF/container.xml`` pointing at the package document (``OEBPS/content.opf``), which
lists a navigation document and the content documents in reading order: the title page
(with "Cite this page"), the text, its notes (numbered, each linked both ways) and the
references.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from html import escape

from marginalia.downloads.essay import Block, Essay, Run

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

CSS = """body { font-family: serif; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.4em; }
blockquote { margin: 0 1.5em; font-style: italic; }
.cite { margin-top: 2em; } .ref { padding-left: 1.5em; text-indent: -1.5em; }
sup a { text-decoration: none; }
"""

DOCUMENTS = (
    ("title", "title.xhtml", "Title page"),
    ("text", "text.xhtml", "Text"),
    ("notes", "notes.xhtml", "Notes"),
    ("references", "references.xhtml", "References"),
)


def epub_bytes(essay: Essay, modified: dt.datetime) -> bytes:
    """The EPUB file; ``modified`` (from ``SOURCE_DATE_EPOCH``) is its only date."""
    stamp = modified.astimezone(dt.UTC)
    documents = {
        "title.xhtml": _title_page(essay),
        "text.xhtml": _text(essay),
        "notes.xhtml": _notes(essay),
        "references.xhtml": _references(essay),
        "nav.xhtml": _nav(essay),
        "style.css": CSS,
        "content.opf": _package(essay, stamp),
    }
    buffer = io.BytesIO()
    date = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip cannot say earlier
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, "mimetype", "application/epub+zip", date, zipfile.ZIP_STORED)
        _add(archive, "META-INF/container.xml", CONTAINER, date)
        for name, text in documents.items():
            _add(archive, f"OEBPS/{name}", text, date)
    return buffer.getvalue()


def _add(
    archive: zipfile.ZipFile,
    name: str,
    text: str,
    date: tuple[int, ...],
    method: int = zipfile.ZIP_DEFLATED,
) -> None:
    info = zipfile.ZipInfo(name, date_time=date)  # type: ignore[arg-type]
    info.compress_type = method
    info.external_attr = 0o644 << 16
    archive.writestr(info, text.encode("utf-8"))


def _page(essay: Essay, title: str, body: str, epub_type: str = "bodymatter") -> str:
    lang = escape(essay.language, quote=True)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'xml:lang="{lang}" lang="{lang}">\n<head>\n<meta charset="UTF-8"/>\n'
        f'<title>{escape(title)}</title>\n<link rel="stylesheet" type="text/css" href="style.css"/>\n'
        f'</head>\n<body epub:type="{epub_type}">\n{body}\n</body>\n</html>\n'
    )


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = escape(run.text, quote=False)
        if run.style == "note":
            n = escape(run.text, quote=True)
            out.append(
                f'<sup><a epub:type="noteref" id="noteref-{n}" href="notes.xhtml#note-{n}">'
                f"{text}</a></sup>"
            )
        elif run.style == "i":
            out.append(f"<em>{text}</em>")
        elif run.style == "b":
            out.append(f"<strong>{text}</strong>")
        elif run.style == "bi":
            out.append(f"<strong><em>{text}</em></strong>")
        else:
            out.append(text)
    return "".join(out)


def _blocks(blocks: tuple[Block, ...]) -> str:
    out: list[str] = []
    in_list = False
    for block in blocks:
        if block.kind == "item" and not in_list:
            out.append("<ul>")
            in_list = True
        elif block.kind != "item" and in_list:
            out.append("</ul>")
            in_list = False
        html = _runs(block.runs)
        if block.kind in ("h2", "h3"):
            out.append(f"<{block.kind}>{html}</{block.kind}>")
        elif block.kind == "item":
            out.append(f"<li>{html}</li>")
        elif block.kind == "quote":
            out.append(f"<blockquote><p>{html}</p></blockquote>")
        else:
            out.append(f"<p>{html}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _title_page(essay: Essay) -> str:
    body = [f"<h1>{escape(essay.title)}</h1>", f"<p>{escape(essay.site_name)}</p>"]
    body.append(f'<p><a href="{escape(essay.url, quote=True)}">{escape(essay.url)}</a></p>')
    if essay.cite_text:
        style = f" ({escape(essay.cite_style)})" if essay.cite_style else ""
        body.append(f'<section class="cite"><h2>Cite this page{style}</h2>')
        body.append(f"<p>{escape(essay.cite_text)}</p></section>")
    return _page(essay, essay.title, "\n".join(body), "titlepage")


def _text(essay: Essay) -> str:
    return _page(essay, essay.title, f"<h1>{escape(essay.title)}</h1>\n{_blocks(essay.blocks)}")


def _notes(essay: Essay) -> str:
    items = []
    for note in essay.notes:
        n = note.number
        items.append(
            f'<li id="note-{n}" value="{n}"><aside epub:type="endnote">{_blocks(note.blocks)}'
            f'<p><a href="text.xhtml#noteref-{n}">Back to the text</a></p></aside></li>'
        )
    body = '<section epub:type="endnotes"><h1>Notes</h1>\n'
    body += f"<ol>\n{chr(10).join(items)}\n</ol></section>" if items else "<p>None.</p></section>"
    return _page(essay, "Notes", body, "backmatter")


def _references(essay: Essay) -> str:
    items = "\n".join(f'<p class="ref">{escape(r)}</p>' for r in essay.references)
    body = f'<section epub:type="bibliography"><h1>References</h1>\n{items or "<p>None.</p>"}</section>'
    return _page(essay, "References", body, "backmatter")


def _nav(essay: Essay) -> str:
    items = "\n".join(f'<li><a href="{href}">{label}</a></li>' for _, href, label in DOCUMENTS)
    body = f'<nav epub:type="toc" id="toc"><h1>Contents</h1>\n<ol>\n{items}\n</ol></nav>'
    return _page(essay, "Contents", body, "frontmatter")


def _package(essay: Essay, stamp: dt.datetime) -> str:
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
        *(
            f'<item id="{i}" href="{href}" media-type="application/xhtml+xml"/>'
            for i, href, _ in DOCUMENTS
        ),
    ]
    spine = "\n    ".join(f'<itemref idref="{i}"/>' for i, _, _ in DOCUMENTS)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" '
        f'xml:lang="{escape(essay.language, quote=True)}">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'    <dc:identifier id="uid">{escape(essay.url)}</dc:identifier>\n'
        f"    <dc:title>{escape(essay.title)}</dc:title>\n"
        f"    <dc:language>{escape(essay.language)}</dc:language>\n"
        f"    <dc:publisher>{escape(essay.site_name)}</dc:publisher>\n"
        f'    <meta property="dcterms:modified">{stamp:%Y-%m-%dT%H:%M:%SZ}</meta>\n'
        "  </metadata>\n  <manifest>\n    "
        + "\n    ".join(manifest)
        + f"\n  </manifest>\n  <spine>\n    {spine}\n  </spine>\n</package>\n"
    )
