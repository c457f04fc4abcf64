"""Reading ``mkdocs.yml`` without MkDocs, for the commands that need a few of its values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without knowing its ``!!python/name`` and ``!ENV`` tags."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_config(config_file: Path) -> dict[str, Any]:
    """The parsed ``mkdocs.yml`` (an empty dict if it is missing or not a mapping)."""
    if not config_file.is_file():
        return {}
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)
    return data if isinstance(data, dict) else {}


def marginalia_options(config: dict[str, Any]) -> dict[str, Any]:
    """The ``marginalia`` plugin's options in a parsed ``mkdocs.yml``."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("marginalia"), dict):
            return plugin["marginalia"]
    return {}
