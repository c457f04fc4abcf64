"""A reader opens the site in Chromium: it loads, it works offline, nothing leaves the host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_home_page_loads_and_requests_only_its_own_host(page, site_url):
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert "Co-production" in page.title()
    assert hosts == {urlparse(site_url).netloc}
    assert page.console_errors == []
