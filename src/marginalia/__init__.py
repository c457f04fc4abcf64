"""marginalia: a static-site knowledge base and annotated-essay publisher.

The capability packages (bibliography, citations, tags, annotations, checks) are plain
Python and Python-Markdown; only ``marginalia.mkdocs`` imports MkDocs, so the core keeps
working under ProperDocs, Zensical or a bare ``markdown.Markdown`` call.
"""

from __future__ import annotations

__version__ = "0.1.0"
