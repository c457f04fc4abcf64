"""The plugin's typed configuration: one sub-section per capability.

```yaml
plugins:
  - marginalia:
      pages: {types_by_folder: {essays: critique}}
      citations: {bibliography: [bib/references.bib], style: apa}
      tags: {vocabulary: data/tags.yml}
```
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.mkdocs.annotations import AnnotationsConfig
from marginalia.mkdocs.citations import CitationsConfig
from marginalia.mkdocs.citing import CitingConfig
from marginalia.mkdocs.navigation import NavigationConfig
from marginalia.mkdocs.pages import PagesConfig
from marginalia.mkdocs.previews import PreviewsConfig
from marginalia.mkdocs.search import SearchConfig
from marginalia.mkdocs.tags import TagsConfig


class MarginaliaConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn every feature off at once (the benchmark's plain build uses this)."""

    pages = c.SubConfig(PagesConfig)
    """Page types and front matter."""

    citations = c.SubConfig(CitationsConfig)
    """Bibliography files, citation style, reference lists."""

    tags = c.SubConfig(TagsConfig)
    """Tag vocabulary, tag pages, related pages and backlinks."""

    annotations = c.SubConfig(AnnotationsConfig)
    """Margin notes."""

    citing = c.SubConfig(CitingConfig)
    """'Cite this page' on essays and projects, and Google Scholar meta tags."""

    previews = c.SubConfig(PreviewsConfig)
    """Link previews: a linked page's title and summary on hover and focus."""

    search = c.SubConfig(SearchConfig)
    """Site search with Pagefind: an index in chunks, written into the site after the build."""

    navigation = c.SubConfig(NavigationConfig)
    """A section with more pages than a limit lists only its index page, which lists them."""
