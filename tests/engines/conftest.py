"""The real site built once by each engine (MkDocs, ProperDocs, Zensical through the
driver), each with ``--strict``, for the parity tests; and copies of the project to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("docs", "bib", "data", "overrides", "mkdocs.yml")
# The same date in every build (the sitemap's): the builds are compared file by file.
EPOCH = "1796185253"

COMMANDS = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir"],
    "zensical": [sys.executable, "-m", "marginalia.zensical", "build", "--strict", "--site-dir"],
}


def build(engine: str, project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [*COMMANDS[engine], str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def copy_project(target: Path) -> Path:
    """The real site's sources in ``target``, with the kept Pandoc output (a fast build)."""
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copyfile(source, target / name)
    cache = REPO / ".cache" / "marginalia"
    if cache.is_dir():
        shutil.copytree(
            cache, target / ".cache" / "marginalia", ignore=shutil.ignore_patterns("zensical")
        )
    return target


@pytest.fixture(scope="session")
def engine_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sites = {}
    for engine in COMMANDS:
        site_dir = tmp_path_factory.mktemp(f"site-{engine}")
        done = build(engine, REPO, site_dir)
        assert done.returncode == 0, f"{engine}: {done.stdout}\n{done.stderr}"
        sites[engine] = site_dir
    return sites
