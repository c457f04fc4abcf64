"""MkDocs adapter for citations: hands build events to ``marginalia.citations``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.mkdocs.feature import Feature


class CitationsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn citations off."""


class CitationsFeature(Feature):
    options: CitationsConfig
