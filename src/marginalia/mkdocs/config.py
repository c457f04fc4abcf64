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

from marginalia.citations.siterun import available_cores
from marginalia.citations.styles import check_locale
from marginalia.mkdocs.annotations import AnnotationsConfig
from marginalia.mkdocs.citationsconfig import CitationsConfig
from marginalia.mkdocs.citing import CitingConfig
from marginalia.mkdocs.downloads import DownloadsConfig
from marginalia.mkdocs.map import MapConfig
from marginalia.mkdocs.navigation import NavigationConfig
from marginalia.mkdocs.options import EverySubOption, validate_every_option
from marginalia.mkdocs.pages import PagesConfig
from marginalia.mkdocs.previews import PreviewsConfig
from marginalia.mkdocs.search import SearchConfig
from marginalia.mkdocs.tags import TagsConfig


class _CitationsSection(EverySubOption):
    """The citations settings, with the checks that need more than a type: ``workers``
    within the cores (each is a Pandoc process), a ``locale`` Pandoc has."""

    def more_faults(self, config: CitationsConfig) -> list[tuple[str, str]]:
        faults = []
        available = available_cores()
        if not 0 <= config.workers <= available:
            faults.append(
                (
                    "workers",
                    f"must be between 0 (one per core, at most 4) and {available} (the CPU "
                    f"cores here), not {config.workers}",
                )
            )
        problem = check_locale(config.locale) if config.locale else None
        if problem:
            faults.append(("locale", problem))
        return faults


class MarginaliaConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn every feature off at once (the benchmark's plain build uses this)."""

    pages = EverySubOption(PagesConfig)
    """Page types and front matter."""

    citations = _CitationsSection(CitationsConfig)
    """Bibliography files, citation style, reference lists."""

    tags = EverySubOption(TagsConfig)
    """Tag vocabulary, tag pages, related pages and backlinks."""

    annotations = EverySubOption(AnnotationsConfig)
    """Margin notes."""

    citing = EverySubOption(CitingConfig)
    """'Cite this page' on essays and projects, and Google Scholar meta tags."""

    previews = EverySubOption(PreviewsConfig)
    """Link previews: a linked page's title and summary on hover and focus."""

    search = EverySubOption(SearchConfig)
    """Site search with Pagefind: an index in chunks, written into the site after the build."""

    navigation = EverySubOption(NavigationConfig)
    """A section with more pages than a limit lists only its index page, which lists them."""

    map = EverySubOption(MapConfig)
    """The map of pages, tags and shared works (``map/``), and its small version on the home."""

    downloads = EverySubOption(DownloadsConfig)
    """Each critique as EPUB and PDF, made from its built page."""

    def validate(self) -> tuple[list, list]:
        # Every section is checked, not only up to the first that fails (MkDocs' own way).
        return validate_every_option(self)
