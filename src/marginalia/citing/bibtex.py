"""A page's citation as a BibTeX ``@misc`` entry (BibTeX and biblatex both read it)."""

from __future__ import annotations

from marginalia.citing.record import PageCitation

# LaTeX's special characters in text fields; backslash first so later escapes stay intact.
_LATEX = [
    ("\\", r"\textbackslash{}"),
    ("{", r"\{"),
    ("}", r"\}"),
    ("&", r"\&"),
    ("%", r"\%"),
    ("$", r"\$"),
    ("#", r"\#"),
    ("_", r"\_"),
    ("~", r"\textasciitilde{}"),
    ("^", r"\textasciicircum{}"),
]


def latex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped (the markers inserted are not re-escaped)."""
    out = []
    for char in text:
        for special, escaped in _LATEX:
            if char == special:
                out.append(escaped)
                break
        else:
            out.append(char)
    return "".join(out)


def _url_field(url: str) -> str:
    # Inside url = {...} only braces and backslashes could break the entry; %-encode them.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def to_bibtex(citation: PageCitation) -> str:
    """The entry as plain text (HTML-escape it before putting it in a page)."""
    fields: list[tuple[str, str]] = []
    if citation.author:
        # Double braces: a collective's name is one name, not "Last, First".
        fields.append(("author", "{" + latex_escape(citation.author) + "}"))
    fields.append(("title", "{" + latex_escape(citation.title) + "}"))
    fields.append(("howpublished", latex_escape(citation.site_name)))
    if citation.date:
        fields.append(("year", str(citation.date.year)))
        if citation.date.month:
            fields.append(("month", str(citation.date.month)))
        fields.append(("date", citation.date.iso()))
    fields.append(("url", _url_field(citation.url)))
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation.key},\n{body}\n}}"
