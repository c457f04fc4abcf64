"""MkDocs adapter for tags: hands build events to ``marginalia.tags``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.mkdocs.feature import Feature


class TagsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn tags off."""


class TagsFeature(Feature):
    options: TagsConfig
