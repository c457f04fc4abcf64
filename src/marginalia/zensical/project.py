"""A site's ``mkdocs.yml`` as the Zensical driver reads it: the raw settings Zensical gets,
and the marginalia plugin's options, validated by the plugin's own typed settings (so a
wrong setting is refused with the same message under every engine)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from marginalia.diagnostics import Diagnostic

PLUGIN = "marginalia"


class ProjectError(Exception):
    """The configuration cannot be built: each line of the message is one fault."""


@dataclass
class Project:
    config_path: Path
    root: Path
    raw: dict[str, Any]
    options: Any  # the plugin's validated settings (MarginaliaConfig)
    docs_dir: Path
    site_dir: Path
    faults: list[Diagnostic] = field(default_factory=list)

    @property
    def docs_prefix(self) -> str:
        rel = os.path.relpath(self.docs_dir, self.root).replace(os.sep, "/")
        return "" if rel == "." else rel

    def snippet_bases(self) -> list[str]:
        for entry in self.raw.get("markdown_extensions") or []:
            if isinstance(entry, dict) and "pymdownx.snippets" in entry:
                bases = (entry["pymdownx.snippets"] or {}).get("base_path", ["."])
                return [bases] if isinstance(bases, str) else list(bases)
        return ["."]

    def has_snippets(self) -> bool:
        return any(
            entry == "pymdownx.snippets"
            or (isinstance(entry, dict) and "pymdownx.snippets" in entry)
            for entry in self.raw.get("markdown_extensions") or []
        )


def plugin_options(raw: dict[str, Any]) -> dict[str, Any] | None:
    """The marginalia plugin's options as written, or ``None`` if it is not listed."""
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == PLUGIN:
            return {}
        if isinstance(entry, dict) and PLUGIN in entry:
            return entry[PLUGIN] or {}
    return None


def load_project(config_file: str | os.PathLike[str], site_dir: str | None = None) -> Project:
    config_path = Path(config_file).resolve()
    root = config_path.parent
    try:
        raw = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ProjectError(f"{config_path.name} cannot be read: {error}") from None
    options = plugin_options(raw)
    if options is None:
        raise ProjectError(
            f"{config_path.name} does not list the marginalia plugin under plugins:, so there "
            "is nothing for the Zensical driver to add; build it with zensical itself"
        )
    # The plugin's own typed settings check every option, as under MkDocs.
    from marginalia.mkdocs.config import MarginaliaConfig

    checked = MarginaliaConfig(config_file_path=str(config_path))
    checked.load_dict(options)
    cwd = os.getcwd()
    os.chdir(root)  # file options (the vocabulary) are relative to the project root
    try:
        errors, _warnings = checked.validate()
    finally:
        os.chdir(cwd)
    if errors:
        raise ProjectError(
            "\n".join(f"plugins: marginalia: {name}: {error}" for name, error in errors)
        )
    docs_dir = (root / str(raw.get("docs_dir") or "docs")).resolve()
    site = (root / (site_dir or str(raw.get("site_dir") or "site"))).resolve()
    return Project(config_path, root, raw, checked, docs_dir, site)
