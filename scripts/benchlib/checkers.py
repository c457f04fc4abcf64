"""The two internal link checkers run on the same built folder: marginalia's and linkchecker."""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import re
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

# linkchecker checks anchors only with its AnchorCheck plugin, which marginalia's checker
# always does: enable it so both do the same work. It also throttles every host to 10
# requests a second unless the server answers with a "LinkChecker" header (ours does), so
# raise the limit: the folder is served on this machine.
_LINKCHECKER_RC = "[checking]\nmaxrequestspersecond=10000\n\n[AnchorCheck]\n"

# Run as root, linkchecker switches to the user "nobody", who may not be allowed to read the
# built folder (a private temporary directory, say); keep it as the user who runs the bench.
_LINKCHECKER = (
    "import sys; import linkcheck.command.linkchecker as cli; "
    "cli.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; sys.exit(cli.linkchecker())"
)


def linkchecker_command(url: str, work: Path) -> list[str] | None:
    """linkchecker 10.x from the home page at ``url``, following every internal link.

    The folder is served over HTTP on 127.0.0.1 (see ``serve_folder``): given ``file:`` URLs,
    linkchecker sees MkDocs' directory links as directory listings and cannot check their
    anchors.
    """
    if importlib.util.find_spec("linkcheck") is None:
        return None
    rc = work / "linkcheckerrc"
    rc.write_text(_LINKCHECKER_RC)
    return [sys.executable, "-c", _LINKCHECKER, "--no-status", "-f", str(rc), url]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add some 40 ms to every response.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "unthrottled")  # lifts linkchecker's rate limit
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) for as long as the block runs; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def linkchecker_findings(output: str) -> dict[str, int] | None:
    """The warning and error counts from linkchecker's closing line."""
    match = re.search(r"(\d+) warnings? found.*?(\d+) errors? found", output)
    return {"warnings": int(match[1]), "errors": int(match[2])} if match else None


# The internal half of ``python -m marginalia.checks`` (which also builds the site first):
# links and anchors on the built HTML only.
_MARGINALIA = (
    "import sys; from marginalia.checks.links import check_site_html; "
    "found = check_site_html(sys.argv[1], base_path=sys.argv[2]); "
    "print(f'{len(found)} faults found'); [print(d.format()) for d in found[:50]]; "
    "sys.exit(1 if found else 0)"
)


def marginalia_check_command(site: Path, base_path: str) -> list[str] | None:
    """marginalia's internal link and anchor check of an already built folder, if present."""
    if importlib.util.find_spec("marginalia.checks.links") is None:
        return None
    return [sys.executable, "-c", _MARGINALIA, str(site), base_path]


def marginalia_findings(output: str) -> dict[str, int] | None:
    match = re.search(r"^(\d+) faults found", output, re.M)
    return {"errors": int(match[1])} if match else None
