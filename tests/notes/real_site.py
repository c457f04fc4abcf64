"""The real site as a copy in a temporary folder, with its citation style switched."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
NOTE_STYLE = "chicago-notes-bibliography"


def copy_with_style(target: Path, style: str = NOTE_STYLE) -> Path:
    """The project's sources under ``target``, its mkdocs.yml naming ``style``; returns
    the config file. The site's own files are left as they are."""
    for name in ("docs", "bib", "data", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "marginalia" in plugin:
            plugin["marginalia"].setdefault("citations", {})["style"] = style
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return target / "mkdocs.yml"
