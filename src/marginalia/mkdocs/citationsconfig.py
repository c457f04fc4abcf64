"""The citations feature's settings (``plugins: marginalia: citations:``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CitationsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn citations off."""

    bibliography = c.Optional(c.ListOfItems(c.Type(str)))
    """BibTeX files or glob patterns (``bib/*.bib``), relative to ``mkdocs.yml``; every key
    must be unique across them. By default every ``bib/*.bib``; ``[]`` reads none."""

    style = c.Type(str, default="apa")
    """A bundled CSL style by name (``apa``, ``chicago-author-date``,
    ``harvard-cite-them-right``, ...) or a path to a ``.csl`` file, relative to ``mkdocs.yml``."""

    locale = c.Optional(c.Type(str))
    """The CSL locale (``en-GB``, ``de-DE``, ...); by default the style's own."""

    references_title = c.Type(str, default="References")
    """Heading of the reference list at the end of a page."""

    bibliography_page = c.Optional(c.Type(str))
    """The page (relative to ``docs/``) that lists every cited work; ``bibliography.md``
    when that page exists."""

    cache_dir = c.Type(str, default=".cache/marginalia")
    """Where parsed ``.bib`` files and Pandoc's output are kept between builds."""

    batch_size = c.Type(int, default=80)
    """Works formatted together by one citeproc batch (``0``: all at once). Works that share
    no name cannot be confused, so batches change nothing in the text; they keep Pandoc's
    disambiguation, which grows much faster than the number of works, fast."""

    workers = c.Type(int, default=0)
    """Pandoc processes that share the batches, each on its own CPU core (``0``: one per
    core, at most 4), while the pages are rendered. The text is the same whatever the
    number."""

    report_uncited = c.Type(bool, default=True)
    """Report entries that nothing cites (as advisories, which never fail a build)."""

    citation_location = c.Choice(("document", "margin"), default="document")
    """``margin``: in an author-date (or numeric) style, the full reference of each work
    also sits in the margin beside the paragraph that first cites it on the page, as
    Quarto's ``citation-location: margin`` does. A note style always puts its citations in
    notes beside the text."""
