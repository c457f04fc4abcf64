"""``make serve ENGINE=zensical`` rebuilds on a change to every source ``mkdocs serve``
watches, the served page reloads itself when a newer build is done, and a page with faults
shows them at its top."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.engines.conftest import copy_project

pytestmark = pytest.mark.network

_WATCHED = [
    "docs/concepts/power.md",
    "docs/snippets",  # a snippet a page includes
    "bib/references.bib",
    "data/tags.yml",
    "mkdocs.yml",
    "overrides/main.html",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def _build_number(base: str, at_least: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            number = int(_get(base + "__marginalia__/build"))
            if number >= at_least:
                return number
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"no build {at_least} within {timeout} s")


def test_every_watched_source_rebuilds_and_the_page_reloads(tmp_path):
    project = copy_project(tmp_path / "project")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "marginalia.zensical", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    base = f"http://127.0.0.1:{port}/coproduction-kb/"
    try:
        number = _build_number(base, 1)
        page = _get(base + "concepts/power/")
        assert "__marginalia__/build" in page and "mg-cite" in page
        for name in _WATCHED:
            target = project / name
            if target.is_dir():
                target = next(p for p in sorted(target.rglob("*")) if p.is_file())
            time.sleep(1.1)  # a later modification time than the last build's
            with target.open("a", encoding="utf-8") as handle:
                handle.write("\n")
            number = _build_number(base, number + 1)
        assert "mg-cite" in _get(base + "concepts/power/")
        assert "This page has" not in _get(base + "concepts/power/")
        page = project / "docs" / "concepts" / "power.md"
        time.sleep(1.1)
        page.write_text(page.read_text(encoding="utf-8") + "\nCites [@nokey2020].\n", "utf-8")
        _build_number(base, number + 1)
        served = _get(base + "concepts/power/")
        assert "This page has 1 fault" in served and "citations.unknown-key" in served
    finally:
        server.terminate()
        server.wait(timeout=10)
