"""The HTML a page gains: the 'Cite this page' block and the Scholar meta tags."""

from __future__ import annotations

import html

from marginalia.citing.bibtex import to_bibtex
from marginalia.citing.record import PageCitation


def scholar_meta_tags(citation: PageCitation) -> str:
    """Google Scholar's ``citation_*`` tags; author and date only when they are known."""
    tags: list[tuple[str, str]] = [("citation_title", citation.title)]
    if citation.author:
        tags.append(("citation_author", citation.author))
    if citation.date:
        tags.append(("citation_publication_date", citation.date.scholar()))
    tags.append(("citation_publisher", citation.site_name))
    if citation.language:
        tags.append(("citation_language", citation.language))
    tags.append(("citation_public_url", citation.url))
    tags.append(("citation_fulltext_html_url", citation.url))
    return "\n".join(
        f'<meta name="{name}" content="{html.escape(value, quote=True)}">' for name, value in tags
    )


def cite_block(citation: PageCitation, reference_html: str | None, style_name: str) -> str:
    """A collapsed 'Cite this page' box: the reference in the site's style, then BibTeX.

    ``reference_html`` is Pandoc's rendering (already escaped by Pandoc); when it is
    missing only the BibTeX is shown.
    """
    parts = [
        # Not searchable: every citable page would match its own citation.
        '<details class="marginalia-cite quote" id="cite-this-page" data-search-exclude>',
        "<summary>Cite this page</summary>",
    ]
    if reference_html:
        parts.append(
            f'<p class="marginalia-cite__style">{html.escape(style_name)}</p>'
            f'<div class="marginalia-cite__reference">{reference_html}</div>'
        )
    parts.append('<p class="marginalia-cite__style">BibTeX</p>')
    parts.append(
        '<pre class="marginalia-cite__bibtex"><code>'
        f"{html.escape(to_bibtex(citation), quote=False)}</code></pre>"
    )
    parts.append("</details>")
    return "\n".join(parts)
