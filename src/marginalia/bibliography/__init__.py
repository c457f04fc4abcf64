"""Reading BibTeX: parsing with line numbers, validation, and a cache keyed by content."""
