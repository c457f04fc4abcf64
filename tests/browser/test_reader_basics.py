"""A reader tours the site in Chromium: nothing leaves the host, no script fails, and axe
finds no serious or critical accessibility fault."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from accessibility import assert_no_serious_violation
from tour import ESSAY, HOME, TOUR

pytestmark = pytest.mark.browser


def test_five_pages_request_nothing_but_the_site_itself(reader):
    for path in TOUR:
        reader.open(path)
    host = urlparse(reader.site_url).netloc
    network = [url for url in reader.requests if urlparse(url).scheme in ("http", "https", "ws")]
    assert len(network) >= len(TOUR) * 3  # pages, styles, scripts: we did record them
    foreign = [url for url in reader.requests if urlparse(url).netloc not in ("", host)]
    assert foreign == []
    assert {urlparse(url).scheme for url in reader.requests} <= {"http", "data", "blob"}


@pytest.mark.parametrize("path", TOUR)
@pytest.mark.parametrize("who", ["reader", "dark_reader"])
def test_axe_finds_no_serious_or_critical_violation(request, who, path):
    reader = request.getfixturevalue(who)
    page = reader.open(path)
    if who == "dark_reader":
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert_no_serious_violation(reader.page)


@pytest.mark.parametrize("path", [HOME, ESSAY])
@pytest.mark.parametrize("who", ["reader", "phone_reader"])
def test_screenshots_at_desktop_and_phone_width(request, who, path):
    reader = request.getfixturevalue(who)
    page = reader.open(path)
    assert page.locator("h1").first.is_visible()
    width = "desktop" if who == "reader" else "phone"
    name = f"{(path.strip('/').replace('/', '-') or 'home')}-{width}"
    first_screen = reader.screenshot(name, full_page=False)
    whole_page = reader.screenshot(f"{name}-full")
    assert first_screen.stat().st_size > 10_000
    assert whole_page.stat().st_size >= first_screen.stat().st_size
