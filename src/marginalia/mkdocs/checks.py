"""The pull-request check's build: MkDocs run in-process, every log record kept.

``mkdocs build --strict`` stops the process at the end with a count; run in-process, the
check keeps every record instead: the features' ``Diagnostic`` records as they are, and
MkDocs' own warnings turned into diagnostics (its link warnings mapped to a source line).
It also hands back which Markdown file every built page came from, so the HTML link check
can report at ``docs/...:line`` rather than at ``site/...``.
"""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from marginalia.checks.links import SourcePage
from marginalia.checks.locate import locate_link
from marginalia.checks.outcome import BuildOutcome
from marginalia.checks.outcome import site_path as _site_path
from marginalia.checks.outcome import url_path as _url_path
from marginalia.diagnostics import Diagnostic
from marginalia.site import SiteIndex

if TYPE_CHECKING:
    from collections.abc import Iterator

_DIAGNOSTIC_RE = re.compile(
    r"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?: (?P<text>.*) \[(?P<code>[\w-]+\.[\w.-]+)\]$"
)
_DOC_FILE_RE = re.compile(r"^Doc file '(?P<src>[^']+)' contains (?P<rest>.*)$", re.DOTALL)
_PREFIX_RE = re.compile(r"^marginalia: ")
_NOT_IN_NAV_RE = re.compile(r"not included in the \"nav\" configuration:(?P<pages>.*)$", re.DOTALL)
_LINK_RE = re.compile(r"link(?: to)? '(?P<link>[^']*)'")


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _inside(folder: Path) -> Iterator[None]:
    # Relative paths in mkdocs.yml (snippets' base_path, data files) are read from the
    # project root, exactly as when `mkdocs build` is run there.
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def run_build(config_file: str | os.PathLike[str], site_dir: str | None = None) -> BuildOutcome:
    """Build the site as ``mkdocs build --strict`` would, collecting every fault."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_path = Path(config_file).resolve()
    root = config_path.parent
    outcome = BuildOutcome(root=root, site_dir=root / (site_dir or "site"))
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    old_level = logger.level
    logger.setLevel(min(old_level or logging.INFO, logging.INFO))
    try:
        with _inside(root):
            try:
                config = load_config(str(config_path), strict=True, site_dir=site_dir)
            except (ConfigurationError, Abort) as error:
                said = [r.getMessage() for r in capture.records if r.levelno >= logging.ERROR]
                # One fault per refused setting: the plugin reports each on its own line.
                lines = [line for text in said for line in text.splitlines() if line.strip()]
                outcome.diagnostics.extend(
                    Diagnostic(
                        _rel(config_path, root),
                        None,
                        "build.config",
                        "the site configuration is invalid: " + line,
                        "fix mkdocs.yml as the message says",
                    )
                    for line in lines or [str(error)]
                )
                return outcome
            outcome.site_dir = Path(config.site_dir)
            outcome.base_path = _url_path(config.site_url or "")
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
                outcome.built = True
            except Abort:
                outcome.built = True  # strict mode: every page was written, then it stopped
            except Exception as error:  # a crash in a plugin must still be reported
                outcome.diagnostics.append(
                    Diagnostic(
                        _rel(config_path, root),
                        None,
                        "build.error",
                        f"the build stopped: {type(error).__name__}: {error}",
                        "fix the fault named here, then run the check again",
                    )
                )
            finally:
                config.plugins.on_shutdown()
    finally:
        logger.removeHandler(capture)
        logger.setLevel(old_level)
    docs_dir = Path(config.docs_dir)
    plugin = config.plugins.get("marginalia")
    reported: list[Diagnostic] = []
    site = SiteIndex()
    if plugin is not None:
        site = plugin.site
        for feature in getattr(plugin, "features", []):
            reported.extend(feature.reported)
        for info in site.pages.values():
            source = docs_dir / info.src_path
            origin = site.origins.get(info.src_path)
            if source.is_file():
                outcome.sources[_site_path(info.url)] = SourcePage(_rel(source, root), source)
            elif origin is not None:
                # A generated page (a tag page): its links were written in its data file.
                outcome.sources[_site_path(info.url)] = SourcePage(
                    origin.path, None, origin.text, origin.line
                )
    outcome.diagnostics.extend(reported)
    already = {d.format() for d in reported}
    for record in capture.records:
        # The plugin logger prefixes every message with the plugin's name.
        text = _PREFIX_RE.sub("", record.getMessage(), count=1)
        if text in already:
            continue
        outcome.diagnostics.extend(_from_record(record, text, root, docs_dir, site))
    return outcome


def _from_record(
    record: logging.LogRecord, text: str, root: Path, docs_dir: Path, site: SiteIndex
) -> list[Diagnostic]:
    severity = "error" if record.levelno >= logging.WARNING else "advisory"
    if match := _DIAGNOSTIC_RE.match(text):
        # A feature logged a diagnostic without Feature.report: parse it back.
        message, _, fix = match["text"].partition(" — ")
        line = int(match["line"]) if match["line"] else None
        return [Diagnostic(match["path"], line, match["code"], message, fix, severity)]
    if severity != "error":
        return []  # MkDocs' progress messages
    if match := _DOC_FILE_RE.match(text):
        return [link_warning(match["src"], match["rest"], root, docs_dir, site)]
    if match := _NOT_IN_NAV_RE.search(text):
        pages = [p.strip() for p in match["pages"].split("\n  - ") if p.strip(" -\n")]
        return [
            Diagnostic(
                _rel(docs_dir / page.lstrip("- ").strip(), root),
                None,
                "build.not-in-nav",
                "this page is not in the site's navigation, so readers cannot reach it",
                "add it under 'nav:' in mkdocs.yml, next to the pages of its section",
            )
            for page in pages
        ]
    return [
        Diagnostic(
            "mkdocs.yml",
            None,
            "build.warning",
            " ".join(text.split()),
            "MkDocs reported this while building; fix what it names",
        )
    ]


def link_warning(src: str, rest: str, root: Path, docs_dir: Path, site: SiteIndex) -> Diagnostic:
    """MkDocs' own link validation, at the line of the link as the contributor wrote it
    (for a generated page, in the data file its text comes from)."""
    source = docs_dir / src
    link = _LINK_RE.search(rest)
    line = None
    origin = site.origins.get(src)
    path = _rel(source, root)
    if origin is not None:
        path = origin.path
        found = locate_link(origin.text, link["link"]) if link else None
        line = origin.line_in_text(found)
    elif link and source.is_file():
        line = locate_link(source.read_text(encoding="utf-8", errors="replace"), link["link"])
    if "anchor" in rest:
        code = "links.missing-anchor"
        fix = "use the id of a heading on that page (its ¶ link shows it), or add { #id } to it"
    elif "absolute link" in rest or "unrecognized relative link" in rest:
        code = "links.unrecognized"
        fix = "link to another page by the relative path of its .md file (other.md#anchor)"
    else:
        code = "links.broken"
        fix = "point it at an existing page by the relative path of its .md file"
    return Diagnostic(path, line, code, f"this page contains {rest.rstrip('.')}", fix)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
