"""Browser fixtures: the real site, built once, served on 127.0.0.1, read by Chromium.

Playwright drives Debian's Chromium through ``executable_path`` (Playwright's own browser
download is not used). Without a browser the tests skip locally and fail under ``CI=true``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


# How each engine builds the real site; a test module runs the reader's tests on Zensical's
# build by overriding `built_site` and `site_url` with `zensical_site` and its URL.
ENGINE_BUILDS = {
    "mkdocs": ["-m", "mkdocs", "build", "--strict", "--site-dir"],
    "zensical": ["-m", "marginalia.zensical", "build", "--strict", "--site-dir"],
}


def _build(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    site_dir = tmp_path_factory.mktemp("site" if engine == "mkdocs" else f"site-{engine}")
    subprocess.run(
        [sys.executable, *ENGINE_BUILDS[engine], str(site_dir)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    return site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "zensical")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    yield from _serve(built_site)


@pytest.fixture(scope="session")
def zensical_site_url(zensical_site: Path) -> Iterator[str]:
    yield from _serve(zensical_site)


def _serve(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    path = _chromium()
    if path is None:
        message = "Chromium not found: apt-get install -y chromium (or set CHROMIUM=/path)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Reader:
    """Opens pages the way a reader would and keeps what a test needs to check afterwards."""

    def __init__(
        self, browser, site_url: str, viewport: dict[str, int], color_scheme: str = "light"
    ) -> None:
        self.site_url = site_url
        self.context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.visited: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{self.page.url}: {message.text}")

    def open(self, path: str = ""):
        """Load a site path ("essays/x/") and wait until the network is quiet."""
        self.page.goto(self.site_url + path.lstrip("/"))
        self.page.wait_for_load_state("networkidle")
        self.visited.append(path)
        return self.page

    def screenshot(self, name: str, *, full_page: bool = True, element=None) -> Path:
        """Keep a screenshot (of the page, or of one element) in test-artifacts/; the
        pull-request workflow uploads that folder."""
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        if element is not None:
            element.screenshot(path=str(target))
        else:
            self.page.screenshot(path=str(target), full_page=full_page)
        return target


def _reader(
    browser, site_url: str, viewport: dict[str, int], color_scheme: str = "light"
) -> Iterator[Reader]:
    reader = Reader(browser, site_url, viewport, color_scheme)
    yield reader
    reader.context.close()
    # Every page a test visits is checked: a script error is a broken page for a reader.
    assert reader.console_errors == [], f"console errors on {reader.visited}"


@pytest.fixture
def reader(browser, site_url) -> Iterator[Reader]:
    """A reader at desktop width (1280×900)."""
    yield from _reader(browser, site_url, DESKTOP)


@pytest.fixture
def dark_reader(browser, site_url) -> Iterator[Reader]:
    """A reader whose system asks for dark mode (Material then shows its slate scheme)."""
    yield from _reader(browser, site_url, DESKTOP, "dark")


@pytest.fixture(scope="module")
def module_reader(browser, site_url) -> Iterator[Reader]:
    """One desktop reader shared by a module's tests (search: the index loads once)."""
    yield from _reader(browser, site_url, DESKTOP)


@pytest.fixture
def phone_reader(browser, site_url) -> Iterator[Reader]:
    """A reader on a phone (390×844)."""
    yield from _reader(browser, site_url, PHONE)


@pytest.fixture
def page(reader):
    """The desktop reader's page, with ``console_errors`` for older tests."""
    reader.page.console_errors = reader.console_errors  # type: ignore[attr-defined]
    return reader.page
