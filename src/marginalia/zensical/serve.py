"""``python -m marginalia.zensical serve``: the site built with Zensical, served at
``site_url``'s path, rebuilt (core and Zensical) on every change to what ``mkdocs serve``
watches — ``mkdocs.yml``, ``docs/``, the ``.bib`` files and their folders, the CSL style,
the tag vocabulary, the theme overrides and marginalia's templates — and reloaded in the
browser; a page with faults shows them at its top, as under ``mkdocs serve``.

Zensical's own ``serve`` rebuilds only what Zensical renders, without the core, so this
serves the finished site itself: a page asks ``__marginalia__/build`` every second which
build it shows (a request to the same server; nothing leaves the machine) and reloads when
a newer one is done.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from marginalia.zensical.build import run_build
from marginalia.zensical.project import load_project
from marginalia.zensical.stage import TEMPLATES

POLL = "__marginalia__/build"
_RELOAD = (
    "<script>(()=>{{let seen={build};setInterval(async()=>{{try{{const r=await fetch("
    '"{url}",{{cache:"no-store"}});const n=+(await r.text());if(n>seen)location.reload();'
    "}}catch(e){{}}}},1000);}})();</script>"
)


class Watched:
    """The files a change to which rebuilds the site, compared by time and size."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = [Path(p) for p in dict.fromkeys(paths)]
        self.seen = self.snapshot()

    def snapshot(self) -> dict[str, tuple[float, int]]:
        found: dict[str, tuple[float, int]] = {}
        for path in self.paths:
            files = path.rglob("*") if path.is_dir() else [path]
            for file in files:
                try:
                    stat = file.stat()
                except OSError:
                    continue
                if file.is_file():
                    found[str(file)] = (stat.st_mtime, stat.st_size)
        return found

    def changed(self) -> bool:
        now = self.snapshot()
        if now != self.seen:
            self.seen = now
            return True
        return False


def watched_paths(config_file: Path, watch: list[str]) -> list[str]:
    project = load_project(config_file)
    paths = [str(config_file), str(project.docs_dir), *watch, str(TEMPLATES)]
    custom = (project.raw.get("theme") or {}).get("custom_dir")
    if custom:
        paths.append(str(project.root / custom))
    return paths


def serve_command(config_file: str, address: str) -> int:
    config_path = Path(config_file).resolve()
    host, _, port = address.rpartition(":")
    site_dir = Path(tempfile.mkdtemp(prefix="marginalia-serve-"))
    state = {"build": 0}
    lock = threading.Lock()

    def build() -> list[str]:
        with lock:
            started = time.perf_counter()
            outcome = run_build(config_path, str(site_dir), serving=True)
            state["build"] += 1
            errors = sum(d.severity == "error" for d in outcome.diagnostics)
            print(
                f"INFO    -  Built with Zensical in {time.perf_counter() - started:.2f} s"
                + (f", {errors} faults (above)" if errors else ""),
                file=sys.stderr,
            )
            return [str(p) for p in outcome.watch]

    print("Building the site with Zensical, then serving it ...", file=sys.stderr)
    watch = build()
    base = urlsplit(str(load_project(config_path).raw.get("site_url") or "")).path or "/"
    if not base.endswith("/"):
        base += "/"
    handler = functools.partial(_Handler, directory=str(site_dir), base=base, state=state)
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port or 8000)), handler)
    watcher = Watched(watched_paths(config_path, watch))

    def rebuild_on_change() -> None:
        while True:
            time.sleep(0.5)
            if watcher.changed():
                print("INFO    -  A source changed: rebuilding ...", file=sys.stderr)
                build()
                watcher.seen = watcher.snapshot()

    threading.Thread(target=rebuild_on_change, daemon=True).start()
    url = f"http://{server.server_address[0]}:{server.server_address[1]}{base}"
    print(f"INFO    -  Serving on {url}", file=sys.stderr)
    sys.stderr.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, base: str, state: dict, **kwargs) -> None:
        self.base = base
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == self.base + POLL:
            return self._send(str(self.state["build"]).encode(), "text/plain")
        if not path.startswith(self.base):
            self.send_response(302)
            self.send_header("Location", self.base)
            self.end_headers()
            return None
        self.path = "/" + self.path[len(self.base) :]
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # the redirect to the folder's address
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            page = local.read_text(encoding="utf-8")
            script = _RELOAD.format(build=self.state["build"], url=self.base + POLL)
            page = page.replace("</body>", script + "</body>", 1)
            return self._send(page.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
