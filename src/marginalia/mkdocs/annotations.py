"""MkDocs adapter for annotations: hands build events to ``marginalia.annotations``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.mkdocs.feature import Feature


class AnnotationsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn annotations off."""


class AnnotationsFeature(Feature):
    options: AnnotationsConfig
