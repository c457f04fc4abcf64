"""Shared fixtures: tiny sites built in ``tmp_path`` from a dict of files.

``build_site({"docs/index.md": "# Hi", "bib/refs.bib": "..."}, plugin={...})`` writes the
files, builds with MkDocs exactly as ``mkdocs build`` would, and returns the built pages and
every log line, so that tests can assert exact warnings (MkDocs' own
``build_tests.py::_assert_build_logs`` does the same).
"""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


@dataclass
class BuiltSite:
    root: Path
    site_dir: Path
    logs: list[tuple[str, str]] = field(default_factory=list)  # (levelname, message)
    aborted: bool = False

    @property
    def warnings(self) -> list[str]:
        return [m for level, m in self.logs if level in ("WARNING", "ERROR")]

    @property
    def infos(self) -> list[str]:
        return [m for level, m in self.logs if level == "INFO"]

    def html(self, path: str) -> str:
        """The built HTML at a site path: ``"essays/reading/"`` or ``"404.html"``."""
        target = self.site_dir / path
        if path.endswith("/") or path == "":
            target = target / "index.html"
        return target.read_text(encoding="utf-8")

    def messages_with(self, code: str) -> list[str]:
        return [m for _, m in self.logs if f"[{code}]" in m]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelname, record.getMessage()))


def _base_config(plugin: dict[str, Any] | None, extra: dict[str, Any] | None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "site_name": "Fixture",
        "site_url": "https://example.org/",
        "theme": {"name": "material", "font": False},
        "markdown_extensions": ["attr_list", "footnotes", "admonition", "md_in_html", "toc"],
        "plugins": [{"marginalia": plugin or {}}],  # search: Pagefind, from the plugin
    }
    config.update(extra or {})
    return config


@pytest.fixture
def build_site(tmp_path: Path) -> Callable[..., BuiltSite]:
    """Build a site from ``{path: text}``; ``mkdocs.yml`` is written unless given."""

    def build(
        files: dict[str, str],
        *,
        plugin: dict[str, Any] | None = None,
        config: dict[str, Any] | None = None,
        strict: bool = False,
        root: Path | None = None,
    ) -> BuiltSite:
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort

        project = root or tmp_path / "project"
        for rel, text in files.items():
            target = project / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        config_file = project / "mkdocs.yml"
        if "mkdocs.yml" not in files:
            config_file.write_text(yaml.safe_dump(_base_config(plugin, config)), encoding="utf-8")
        (project / "docs").mkdir(exist_ok=True)

        capture = _Capture()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(capture)
        old_cwd = os.getcwd()
        os.chdir(project)
        site = BuiltSite(root=project, site_dir=project / "site")
        try:
            # A refused setting aborts here, logged as MkDocs logs it ("Config value ...").
            cfg = load_config(str(config_file), strict=strict, site_dir=str(site.site_dir))
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        except Abort:
            site.aborted = True
        finally:
            os.chdir(old_cwd)
            logger.removeHandler(capture)
        site.logs = capture.records
        return site

    return build
