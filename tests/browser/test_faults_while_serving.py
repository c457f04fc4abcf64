"""``mkdocs serve`` shows a page's faults on the page: a contributor previewing a page whose
front matter is broken reads what is wrong, where and how to fix it, without the terminal."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from accessibility import assert_no_serious_violation

pytestmark = pytest.mark.browser

FILES = {
    "docs/index.md": "# Home\n\nRead [the essay](essays/broken.md).\n",
    "docs/essays/fine.md": "---\ntitle: Fine\nsummary: A page without faults.\n---\n# Fine\n",
    "docs/essays/broken.md": """
        ---
        title: A reading
        summary: [never closed
        tags: [power]
        ---
        # A reading

        Some text.
        """,
}
CONFIG = {
    "site_name": "Served fixture",
    "theme": {"name": "material", "font": False},
    "plugins": [{"marginalia": {"pages": {"types_by_folder": {"essays": "critique"}}}}],
    "nav": ["index.md", "essays/fine.md", "essays/broken.md"],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A tiny site under ``mkdocs serve``, stopped (this process only) after the test."""
    root = tmp_path / "project"
    for rel, text in FILES.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    address = f"127.0.0.1:{_free_port()}"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        # With live reload, as `make serve` runs it: without, MkDocs does not rebuild at all.
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address, "--livereload"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://{address}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "essays/broken/", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("mkdocs serve did not start:\n" + (tmp_path / "serve.log").read_text())
            time.sleep(0.3)
        yield url, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_a_served_page_shows_its_faults_in_an_accessible_notice(browser, served):
    url, _root = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + "essays/broken/")
        notice = page.get_by_role("alert")
        assert notice.is_visible()
        heading = notice.get_by_role("heading", name="This page has 1 fault")
        assert heading.is_visible()
        assert notice.get_attribute("aria-labelledby") == heading.get_attribute("id")
        text = " ".join(notice.inner_text().split())
        assert "pages.yaml-error, line 4: the front matter is not valid YAML" in text
        assert "fix: fix the YAML" in text
        assert "docs/essays/broken.md" in text
        # At the top of the page's text, above its title, where it is seen first.
        title = page.locator("article h1").first
        assert notice.bounding_box()["y"] < title.bounding_box()["y"]
        assert_no_serious_violation(page, ".mg-faults")
        page.goto(url + "essays/fine/")
        assert page.get_by_role("alert").count() == 0
    finally:
        context.close()


def test_the_notice_goes_once_the_fault_is_fixed_and_saved(browser, served):
    url, root = served
    source = root / "docs/essays/broken.md"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "essays/broken/")
        assert page.get_by_role("alert").count() == 1
        fixed = source.read_text(encoding="utf-8").replace("[never closed", "Now a summary.")
        source.write_text(fixed, encoding="utf-8")
        deadline = time.monotonic() + 60
        while page.get_by_role("alert").count() and time.monotonic() < deadline:
            time.sleep(0.5)
            page.goto(url + "essays/broken/")
        assert page.get_by_role("alert").count() == 0
        assert page.locator("article h1").inner_text().startswith("A reading")
    finally:
        context.close()
