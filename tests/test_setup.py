"""The set-up the Makefile does: each target installs only what it needs, says what it
installs, and `make serve` says when the site is ready."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _dry_run(target: str, venv: Path) -> str:
    """What ``make TARGET`` would run for a clone without a .venv (nothing is run)."""
    done = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"],
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
        ("browser", ["", "[dev]"]),
        ("unit", ["", "[dev]", "[bench]"]),
        ("bench", ["", "[bench]"]),
        ("test", ["", "[dev]", "[bench]"]),
    ],
)
def test_each_target_installs_what_it_needs_and_no_more(tmp_path, target, extras):
    commands = _dry_run(target, tmp_path / "venv")
    assert _installs(commands) == extras
    for line in commands.splitlines():
        if "pip install" in line:
            assert "--quiet" not in line  # pip names each package it fetches and installs
    assert commands.count('echo "Installing ') == len(extras)


def test_serve_says_when_the_site_is_ready(tmp_path):
    commands = _dry_run("serve", tmp_path / "venv")
    program = re.search(r"\| awk '(.*)'$", commands, re.M)
    assert program, commands
    mkdocs_says = (
        "INFO    -  Documentation built in 1.68 seconds\n"
        "INFO    -  [02:43:19] Serving on http://127.0.0.1:8000/coproduction-kb/\n"
    )
    shown = subprocess.run(
        ["awk", program.group(1)], input=mkdocs_says, capture_output=True, text=True, check=True
    ).stdout
    assert shown.startswith(mkdocs_says)
    assert "The site is ready: http://127.0.0.1:8000/coproduction-kb/" in shown


def test_ci_runs_the_readme_test_command():
    assert (REPO / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")
