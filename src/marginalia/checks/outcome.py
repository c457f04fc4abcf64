"""What one build of the pull-request check hands to the link check, whatever the engine:
every fault it reported, and which Markdown file every built page came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from marginalia.checks.links import SourcePage
from marginalia.diagnostics import Diagnostic


@dataclass
class BuildOutcome:
    """Everything the build said, and where its pages came from."""

    root: Path
    site_dir: Path
    base_path: str = "/"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, SourcePage] = field(default_factory=dict)  # site path -> Markdown
    built: bool = False


def site_path(url: str) -> str:
    """A page's file in the site for its URL (``essays/x/`` → ``essays/x/index.html``)."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def url_path(site_url: str) -> str:
    """The path of ``site_url`` that absolute links start with."""
    return urlsplit(site_url).path or "/"
