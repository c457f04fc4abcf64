"""Reading BibTeX: parsing with line numbers, validation, and a cache keyed by content."""

from marginalia.bibliography.cache import BibliographyCache
from marginalia.bibliography.library import Bibliography
from marginalia.bibliography.parse import parse_bib_text
from marginalia.bibliography.records import BibEntry, ParsedBibFile

__all__ = ["BibEntry", "Bibliography", "BibliographyCache", "ParsedBibFile", "parse_bib_text"]
