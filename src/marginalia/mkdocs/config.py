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
from mkdocs.config.base import ValidationError

from marginalia.citations.styles import check_locale
from marginalia.mkdocs.annotations import AnnotationsConfig
from marginalia.mkdocs.citations import CitationsConfig
from marginalia.mkdocs.citing import CitingConfig
from marginalia.mkdocs.navigation import NavigationConfig
from marginalia.mkdocs.options import cores
from marginalia.mkdocs.pages import PagesConfig
from marginalia.mkdocs.previews import PreviewsConfig
from marginalia.mkdocs.search import SearchConfig
from marginalia.mkdocs.tags import TagsConfig


class _CheckedCitations(c.SubConfig[CitationsConfig]):
    """The citations settings, with the checks that need more than a type: ``workers``
    within the cores (each is a Pandoc process), a ``locale`` Pandoc has."""

    def run_validation(self, value: object) -> CitationsConfig:
        config = super().run_validation(value)
        available = cores()
        if not 0 <= config.workers <= available:
            raise ValidationError(
                f"Sub-option 'workers': must be between 0 (one per core, at most 4) and "
                f"{available} (the CPU cores here), not {config.workers}"
            )
        problem = check_locale(config.locale) if config.locale else None
        if problem:
            raise ValidationError(f"Sub-option 'locale': {problem}")
        return config


class MarginaliaConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn every feature off at once (the benchmark's plain build uses this)."""

    pages = c.SubConfig(PagesConfig)
    """Page types and front matter."""

    citations = _CheckedCitations()
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
