"""The set-up the Makefile does: each target installs only what it needs, says what it
installs, and `make serve` says when the site is ready."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _dry_run(target: str, venv: Path, *settings: str) -> str:
    """What ``make TARGET`` would run for a clone without a .venv (nothing is run)."""
    done = subprocess.run(
        ["make", "-n", target, f"VENV={venv}", *settings],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _installs(commands: str) -> list[str]:
    return re.findall(r"pip install .* -e '\.(\[\w+\])?'", commands)


@pytest.mark.parametrize(
    ("target", "extras"),
    [
        ("serve", [""]),
        ("build", [""]),
        ("check", [""]),
        ("new", [""]),
        ("lint", ["", "[dev]"]),
        # The browser and unit tests build the site with every engine too.
        ("browser", ["", "[dev]", "[engines]"]),
        ("unit", ["", "[dev]", "[bench]", "[engines]"]),
        ("bench", ["", "[bench]"]),
        ("test", ["", "[dev]", "[bench]", "[engines]"]),
    ],
)
def test_each_target_installs_what_it_needs_and_no_more(tmp_path, target, extras):
    commands = _dry_run(target, tmp_path / "venv")
    assert _installs(commands) == extras
    for line in commands.splitlines():
        if "pip install" in line:
            assert "--quiet" not in line  # pip names each package it fetches and installs
    assert commands.count('echo "Installing ') == len(extras)


@pytest.mark.parametrize("engine", ["zensical", "properdocs"])
@pytest.mark.parametrize("target", ["build", "check", "serve"])
def test_another_engine_is_installed_only_when_named(tmp_path, target, engine):
    commands = _dry_run(target, tmp_path / "venv", f"ENGINE={engine}")
    assert _installs(commands) == ["", "[engines]"]
    assert engine in commands.split("Installing the other engines", 1)[1]


def test_an_unknown_engine_is_refused(tmp_path):
    done = subprocess.run(
        ["make", "-n", "build", f"VENV={tmp_path / 'venv'}", "ENGINE=hugo"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "ENGINE must be mkdocs, properdocs or zensical, not 'hugo'" in done.stderr


def test_serve_says_when_the_site_is_ready(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hi\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Fixture\nsite_url: https://example.org/kb/\n", encoding="utf-8"
    )
    with socket.socket() as probe:  # a port nobody uses
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, str(REPO / "scripts" / "serve"), f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        text=True,
    )
    # Only a server that never starts gets here: the test does not time anything.
    guard = threading.Timer(120, server.kill)
    guard.start()
    shown = []
    try:
        for line in server.stdout or ():
            shown.append(line)
            if "The site is ready" in line:
                break
    finally:
        guard.cancel()
        server.terminate()
        server.wait()
        server.stdout.close()
    assert shown[-1] == f"  The site is ready: http://127.0.0.1:{port}/kb/\n", shown
    assert any(f"Serving on http://127.0.0.1:{port}/kb/" in line for line in shown[:-1])


def test_ci_runs_the_readme_test_command():
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")
