"""'Cite this page': each essay and project page's own citation, in the site's CSL style and
as BibTeX, plus the Google Scholar ``citation_*`` meta tags for its ``<head>``.

Built only from what the page and the site say (title, date, URL, site name, and the
collective named in the configuration): a missing date stays missing ("n.d."), and no
author is ever made up.
"""

from __future__ import annotations

from marginalia.citing.bibtex import to_bibtex
from marginalia.citing.csl import (
    CslRenderError,
    render_references,
    style_title,
    to_csl_json,
)
from marginalia.citing.markup import cite_block, scholar_meta_tags
from marginalia.citing.record import PageCitation, PublicationDate, citation_key, parse_date

__all__ = [
    "CslRenderError",
    "PageCitation",
    "PublicationDate",
    "citation_key",
    "cite_block",
    "parse_date",
    "render_references",
    "scholar_meta_tags",
    "style_title",
    "to_bibtex",
    "to_csl_json",
]
