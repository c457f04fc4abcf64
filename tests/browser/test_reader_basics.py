"""A reader opens the site in Chromium: it works offline, nothing leaves the host, and axe
finds no serious or critical accessibility fault."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

# Pages every build has; content pages (essay, projects, tags) are added as they exist.
SITE_PAGES = ["", "essays/", "projects/", "tags/", "bibliography/"]


def test_five_pages_request_nothing_but_the_site_itself(reader):
    for path in SITE_PAGES:
        reader.open(path)
    host = urlparse(reader.site_url).netloc
    network = [url for url in reader.requests if urlparse(url).scheme in ("http", "https", "ws")]
    assert len(network) >= len(SITE_PAGES) * 3  # pages, styles, scripts: we did record them
    foreign = [url for url in reader.requests if urlparse(url).netloc not in ("", host)]
    assert foreign == []
    assert {urlparse(url).scheme for url in reader.requests} <= {"http", "data", "blob"}
    assert "Co-production" in reader.page.title()


@pytest.mark.parametrize("path", ["", "tags/", "bibliography/"])
def test_axe_finds_no_serious_or_critical_violation(reader, path):
    from axe_playwright_python.sync_playwright import Axe

    reader.open(path)
    results = Axe().run(reader.page)
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]} — {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
    assert results.response["passes"], "axe ran no checks at all"


@pytest.mark.parametrize("name", ["reader", "phone_reader"])
def test_home_page_screenshots(request, name):
    reader = request.getfixturevalue(name)
    page = reader.open("")
    assert page.locator("h1").first.is_visible()
    shot = reader.screenshot(f"home-{'desktop' if name == 'reader' else 'phone'}")
    assert shot.stat().st_size > 10_000
