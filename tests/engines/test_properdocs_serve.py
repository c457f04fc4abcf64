"""``make serve ENGINE=properdocs``: ProperDocs serves the site with the plugin, rebuilds on
a change to a page, a ``.bib`` file or the vocabulary, and shows a page's faults on it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.engines.conftest import REPO, copy_project
from tests.engines.test_zensical_serve import _free_port

pytestmark = pytest.mark.network


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def _until(url: str, text: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = _get(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not served at {url} within {timeout} s")


def test_properdocs_serves_rebuilds_and_shows_faults(tmp_path):
    project = copy_project(tmp_path / "project")
    port = _free_port()
    command = [sys.executable, str(REPO / "scripts" / "serve"), f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--engine", "properdocs"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    page = f"http://127.0.0.1:{port}/coproduction-kb/concepts/power/"
    try:
        assert "mg-cite" in _until(page, "ProperDocs")
        source = project / "docs" / "concepts" / "power.md"
        source.write_text(source.read_text("utf-8") + "\nCites [@nokey2020].\n", "utf-8")
        served = _until(page, "This page has 1 fault")
        assert "citations.unknown-key" in served
        vocabulary = project / "data" / "tags.yml"
        vocabulary.write_text(
            vocabulary.read_text("utf-8").replace("label: Power", "label: Power over", 1),
            "utf-8",
        )
        _until(page, "Power over")
        bib = project / "bib" / "references.bib"
        text = bib.read_text("utf-8")
        assert "Crossing the great divide" in text
        bib.write_text(
            text.replace("Crossing the great divide", "Crossing the wide divide"), "utf-8"
        )
        _until(f"http://127.0.0.1:{port}/coproduction-kb/bibliography/", "wide divide")
    finally:
        server.terminate()
        server.wait(timeout=10)
