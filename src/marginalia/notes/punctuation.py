"""Punctuation after a note mark goes before it, as Pandoc puts it.

Pandoc's citeproc (``mvPunct`` in ``Text.Pandoc.Citeproc``, with ``notes-after-punctuation``
on, its default for note styles) moves the punctuation that follows a citation which became
a note in front of the note mark: ``text [@key].`` reads "text.¹", the space before the
mark dropped. Its rules, as followed here:

- A citation that leaves nothing in the text, after a space: every punctuation character
  that follows it (Unicode's punctuation, but for the en and em dashes, which Pandoc leaves)
  goes before the mark; in a locale that puts punctuation inside quotation marks (en-US), a
  full stop or comma after a quotation in straight quotes (which Pandoc reads as a quotation)
  goes inside its closing mark. Nothing follows: only the space goes.
- Any other citation (a narrative one, which leaves the author; one right after a word):
  only when what follows starts with ``. , ; : ! ?`` does that punctuation go before the
  mark, and not at all when the author already ends with such punctuation.

Works on the written page's HTML: the citation's own span (``cluster_html``) closed by
``MARK_END``, and the text Python-Markdown wrote after it.
"""

from __future__ import annotations

import html
import re
import unicodedata

MARK_END = "<!--mg:cnote-end-->"
_NOTE_CITATION = re.compile(r'<span class="citation mg-cite mg-cite--note" [^>]*>')
_MARK = '<sup class="mg-cnote-ref">'
_TEXT_CHAR = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|[^<&]")
_END_PUNCT = ".,;:!?"
_DASHES = "\u2013\u2014"  # Pandoc leaves an en or em dash after the mark
_BLOCK_START = re.compile(r"<(?:p|li|td|th|dd|dt|blockquote|h[1-6])\b[^>]*>\s*$")
# A closing double quote as Pandoc's reader sees a quotation: straight (or written as an
# entity by a smart-quotes extension). A literal ” is a character to Pandoc, not a quote.
_CLOSING_QUOTE = re.compile(r'(?:"|&quot;|&rdquo;|&#8221;|&#x201[dD];)$')


def is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P") and char not in _DASHES


def punctuation_in_quote(locale: str | None, style_text: str) -> bool:
    """Whether the locale puts a full stop or comma inside quotation marks: the style's own
    locale options say so, or else the locale is American English (CSL's en-US)."""
    found = re.search(r'punctuation-in-quote="(true|false)"', style_text)
    if found:
        return found.group(1) == "true"
    language = (locale or _default_locale(style_text) or "en-US").lower()
    return language in ("en", "en-us")


def _default_locale(style_text: str) -> str | None:
    found = re.search(r'<style\b[^>]*\bdefault-locale="([^"]+)"', style_text)
    return found.group(1) if found else None


def punctuation_before_marks(page_html: str, in_quote: bool) -> str:
    """The page with the punctuation after each note mark moved before it (and every
    ``MARK_END`` taken out)."""
    if MARK_END not in page_html:
        return page_html
    out: list[str] = []
    pos = 0
    for found in _NOTE_CITATION.finditer(page_html):
        start = found.start()
        if start < pos:
            continue
        end = page_html.find(MARK_END, found.end())
        mark = page_html.find(_MARK, found.end(), end)
        if end < 0 or mark < 0:
            continue
        before = page_html[pos:start]
        stripped = before.rstrip()
        spaced = len(stripped) < len(before) and not _BLOCK_START.search(
            page_html[: pos + len(stripped)][-200:]
        )
        inner = page_html[found.end() : mark]
        after = end + len(MARK_END)
        chars = _leading_chars(page_html, after)
        texts = [html.unescape(c) for c in chars]
        if (spaced and not inner) or (texts and texts[0] in _END_PUNCT):
            count = _count(texts, is_punctuation)
        else:
            count = 0
        moved = "".join(chars[:count])
        rest = after + sum(len(c) for c in chars[:count])
        cite = page_html[start:end]
        if count and inner:  # Pandoc puts it inside the citation, after the author
            author = html.unescape(re.sub(r"<[^>]+>", "", inner))
            if _ends_with_punctuation(author):
                moved = ""
            offset = mark - start
            cite, moved = cite[:offset] + moved + cite[offset:], ""
        elif count and spaced and in_quote and _CLOSING_QUOTE.search(stripped):
            first = texts[0]
            if first in ".,":
                quote = _CLOSING_QUOTE.search(stripped)
                assert quote is not None
                stripped = stripped[: quote.start()] + chars[0] + stripped[quote.start() :]
                # what follows the moved stop or comma goes after the quote; citeproc
                # drops a second stop or comma there ("q,." reads “q,”)
                tail = chars[1:count]
                while tail and html.unescape(tail[0]) in ".,":
                    tail = tail[1:]
                moved = "".join(tail)
        # The space before a mark goes; a narrative citation keeps its space (its author).
        out.append(before if inner else stripped)
        out.append(moved + cite)
        pos = rest
    out.append(page_html[pos:])
    return "".join(out).replace(MARK_END, "")


def _leading_chars(page_html: str, at: int) -> list[str]:
    """The characters of the text right after ``at`` (up to the next tag), as written."""
    chars = []
    for found in _TEXT_CHAR.finditer(page_html, at):
        if found.start() != at:
            break
        chars.append(found.group(0))
        at = found.end()
        if len(chars) > 20:  # punctuation runs are short; the rest is never looked at
            break
    return chars


def _count(texts: list[str], accept) -> int:
    count = 0
    for text in texts:
        if len(text) != 1 or not accept(text):
            break
        count += 1
    return count


def _ends_with_punctuation(text: str) -> bool:
    """Pandoc's ``endWithPunct False``: ends with . , ; : ! ? or with such a mark and one
    more punctuation character (".)", '."')."""
    text = text.rstrip()
    if not text:
        return False
    if text[-1] in _END_PUNCT:
        return True
    return len(text) > 1 and is_punctuation(text[-1]) and text[-2] in _END_PUNCT
