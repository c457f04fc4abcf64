"""The external link check against a server on 127.0.0.1 started here (never the internet)."""

from __future__ import annotations

import http.server
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import pytest

from marginalia.checks.external.command import run_external
from marginalia.checks.external.sources import bib_links

pytestmark = pytest.mark.network

PAGE = b'<html><body><h1 id="here">Here</h1></body></html>'
ROUTES: dict[str, tuple[int, dict[str, str]]] = {
    "/ok": (200, {}),
    "/gone": (404, {}),
    "/chain": (301, {"Location": "/chain-2"}),  # 301 then 302: moved, but not for good
    "/chain-2": (302, {"Location": "/ok"}),
    "/moved": (301, {"Location": "/moved-2"}),  # 301 then 308: moved for good
    "/moved-2": (308, {"Location": "/new-home"}),
    "/new-home": (200, {}),
    "/loop": (301, {"Location": "/loop-2"}),
    "/loop-2": (302, {"Location": "/loop"}),
    "/error": (503, {}),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[Counter] = Counter()
    times: ClassVar[dict[str, list[float]]] = {}

    def log_message(self, *args: object) -> None:  # keep the test output clean
        return None

    def do_GET(self) -> None:
        path = self.path.split("#")[0]
        _Handler.hits[path] += 1
        _Handler.times.setdefault(path, []).append(time.monotonic())
        if path == "/slow":
            time.sleep(3)
        # Busy for the first two requests (lychee's try and its retry), then fine.
        if (path == "/busy" and _Handler.hits[path] <= 2) or path == "/always-busy":
            self.send_response(429)
            self.send_header("Retry-After", "2" if path == "/busy" else "1")
            self.end_headers()
            return
        if path == "/reset":
            # Close with RST instead of FIN: the client sees "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        status, headers = ROUTES.get(path, (200, {}))
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if status == 200:
            self.wfile.write(PAGE)

    do_HEAD = do_GET


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.hits = Counter()
    _Handler.times = {}
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


FAST = ["--timeout", "1", "--max-retries", "1", "--retry-wait-time", "1"]
PATIENCE = {"attempts": 2, "timeout": 2.0, "max_wait": 5.0, "base_wait": 0.5}


def _project(tmp_path: Path, base: str) -> Path:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "bib").mkdir()
    (root / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n")
    lines = [
        "---",
        "title: Links",
        "---",
        f"[ok]({base}/ok)",  # line 4
        f"[gone]({base}/gone)",
        f"[chain]({base}/chain)",
        f"[moved]({base}/moved)",
        f"[loop]({base}/loop)",
        f"[slow]({base}/slow)",  # line 9
        f"[busy]({base}/busy)",
        f"[reset]({base}/reset)",
        f"[anchor]({base}/ok#here)",
        f"[no anchor]({base}/ok#nowhere)",  # line 13
        f"[always busy]({base}/always-busy)",
        f"`{base}/gone-in-code`",  # line 15
        "",
        "```",
        f"{base}/gone-in-a-block",
        "```",
        "[inside the site](missing.md#nowhere) is not an external link",
    ]
    (root / "docs" / "links.md").write_text("\n".join(lines) + "\n")
    (root / "bib" / "refs.bib").write_text(
        "@book{a,\n  title = {A},\n  url = {" + base + "/error},\n}\n"
        "@book{b,\n  title = {B},\n  url = {" + base + "/ok},\n}\n"
    )
    return root


def test_every_kind_of_external_fault_is_reported_at_its_line(tmp_path, server):
    root = _project(tmp_path, server)
    found = run_external(root / "mkdocs.yml", extra_args=FAST, patience=PATIENCE)
    faults = sorted((d.path, d.line, d.code, d.severity) for d in found)
    assert faults == [
        ("bib/refs.bib", 3, "external.unreachable", "error"),
        ("docs/links.md", 5, "external.broken", "error"),
        ("docs/links.md", 6, "external.moved", "advisory"),
        ("docs/links.md", 7, "external.moved", "advisory"),
        ("docs/links.md", 8, "external.redirect-loop", "error"),
        ("docs/links.md", 9, "external.timeout", "error"),
        ("docs/links.md", 11, "external.unreachable", "error"),
        ("docs/links.md", 13, "external.missing-fragment", "error"),
        ("docs/links.md", 14, "external.unreachable", "error"),
    ]
    by_code = {d.code: d for d in found}
    moved = sorted(d.message for d in found if d.code == "external.moved")
    assert moved == [
        # 301 then 302: the first address moved for good, the second only for now
        f"'{server}/chain' has moved permanently to '{server}/chain-2'",
        f"'{server}/moved' has moved permanently to '{server}/new-home'",
    ]
    assert by_code["external.broken"].message == f"'{server}/gone' answers 404 Not Found"
    assert by_code["external.missing-fragment"].message == f"'{server}/ok' has no anchor '#nowhere'"
    # 429 with Retry-After: 2, twice: the last try waited before asking again, and the link
    # passed. Which client asks the third time depends on timing: lychee's own retry (its
    # back-off of about 2 s, measured once at 1.75 s) or our re-check (exactly Retry-After);
    # a client that ignored both would come back within milliseconds.
    *_, refused, accepted = _Handler.times["/busy"]
    assert accepted - refused >= 1.5
    # Links in code are not links.
    assert _Handler.hits["/gone-in-code"] == 0
    assert _Handler.hits["/gone-in-a-block"] == 0


def test_the_cache_skips_fresh_successes_and_rechecks_failures(tmp_path, server):
    root = _project(tmp_path, server)
    page = root / "docs" / "links.md"
    page.write_text(f"[ok]({server}/ok)\n[gone]({server}/gone)\n")
    (root / "bib" / "refs.bib").unlink()
    run_external(root / "mkdocs.yml", extra_args=FAST, patience=PATIENCE)
    assert (_Handler.hits["/ok"], _Handler.hits["/gone"]) == (1, 1)
    again = run_external(root / "mkdocs.yml", extra_args=FAST, patience=PATIENCE)
    assert [d.code for d in again] == ["external.broken"]
    assert (_Handler.hits["/ok"], _Handler.hits["/gone"]) == (1, 2)
    run_external(root / "mkdocs.yml", extra_args=[*FAST, "--max-cache-age", "0s"])
    assert _Handler.hits["/ok"] == 2


def test_offline_mode_fetches_nothing(tmp_path, server):
    root = _project(tmp_path, server)
    assert run_external(root / "mkdocs.yml", offline=True) == []
    assert sum(_Handler.hits.values()) == 0


def test_the_ignore_list_skips_addresses(tmp_path, server):
    root = _project(tmp_path, server)
    (root / "docs" / "links.md").write_text(f"[gone]({server}/gone)\n")
    (root / "bib" / "refs.bib").unlink()
    (root / "lychee.toml").write_text("exclude = ['/gone$']\n")
    assert run_external(root / "mkdocs.yml", extra_args=FAST, patience=PATIENCE) == []
    assert _Handler.hits["/gone"] == 0


@pytest.mark.parametrize(
    ("field", "url"),
    [
        ("url = {https://example.org/a_b}", "https://example.org/a_b"),
        ("url = {https://example.org/a\\_b}", "https://example.org/a_b"),
        ('url = "https://example.org/x"', "https://example.org/x"),
        ("doi = {10.1000/xyz(96)1}", "https://doi.org/10.1000/xyz(96)1"),
        ("DOI = {https://doi.org/10.1000/abc}", "https://doi.org/10.1000/abc"),
        ("doi = {doi:10.1000/abc}", "https://doi.org/10.1000/abc"),
        ("url = {ftp://example.org/x}", None),
        ("note = {https://example.org/not-a-url-field}", None),
    ],
)
def test_bib_url_and_doi_fields_become_links_at_their_line(tmp_path, field, url):
    bib = tmp_path / "a.bib"
    bib.write_text("@book{k,\n  title = {T},\n  " + field + ",\n}\n")
    found = bib_links(bib, "bib/a.bib")
    assert [(s.url, s.line) for s in found] == ([(url, 3)] if url else [])


def test_the_per_host_rate_limit_in_lychee_toml_spaces_requests(tmp_path, server):
    root = _project(tmp_path, server)
    (root / "bib" / "refs.bib").unlink()
    (root / "docs" / "links.md").write_text(
        "".join(f"[p{i}]({server}/ok{i})\n" for i in range(4)), encoding="utf-8"
    )
    (root / "lychee.toml").write_text('host_concurrency = 1\nhost_request_interval = "400ms"\n')
    assert run_external(root / "mkdocs.yml", extra_args=FAST) == []
    times = sorted(t for i in range(4) for t in _Handler.times[f"/ok{i}"])
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert len(times) == 4
    assert min(gaps) >= 0.35, gaps
