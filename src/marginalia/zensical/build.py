"""One Zensical build of a marginalia site: the core before, Zensical in this process with
its renderer wrapped, the core after; every fault kept, as the MkDocs check's build does."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from marginalia.checks.links import SourcePage
from marginalia.checks.outcome import BuildOutcome, site_path, url_path
from marginalia.diagnostics import Diagnostic
from marginalia.zensical.driver import Driver
from marginalia.zensical.finish import finish, start_early
from marginalia.zensical.project import ProjectError, load_project
from marginalia.zensical.stage import stage


@dataclass
class ZensicalOutcome(BuildOutcome):
    watch: list[str] = field(default_factory=list)  # what a change to rebuilds the site


def run_build(
    config_file: str | os.PathLike[str],
    site_dir: str | None = None,
    log: Callable[[str], None] | None = None,
    quiet_engine: bool = False,
    serving: bool = False,
) -> ZensicalOutcome:
    """Build the site with Zensical, collecting every fault (none stops the build)."""
    config_path = Path(config_file).resolve()
    root = config_path.parent
    outcome = ZensicalOutcome(root=root, site_dir=root / (site_dir or "site"))
    try:
        project = load_project(config_path, site_dir)
    except ProjectError as error:
        outcome.diagnostics.extend(
            Diagnostic(
                config_path.name,
                None,
                "build.config",
                "the site configuration is invalid: " + line,
                "fix mkdocs.yml as the message says",
            )
            for line in str(error).splitlines()
        )
        return outcome
    outcome.site_dir = project.site_dir
    outcome.base_path = url_path(str(project.raw.get("site_url") or ""))
    driver = Driver(project, serving=serving, **({"log": log} if log else {}))
    old = os.getcwd()
    os.chdir(root)  # relative paths in mkdocs.yml are read from the project root
    try:
        generated = driver.setup()
        staged = stage(
            project,
            generated,
            driver.nav_tag_pages(),
            driver.assets(),
            driver.enabled("search"),
            project.options.navigation.section_limit if driver.enabled("navigation") else None,
        )
        import zensical

        if driver.downloads is not None:
            driver.downloads.start()  # the worker imports ReportLab while Zensical renders
        driver.expected_pages = sum(1 for _ in staged.docs_dir.rglob("*.md"))
        if driver.citations is not None:
            done = [src for src, _ in generated]
            driver.on_all_rendered = lambda: start_early(driver, done)

        sink = io.StringIO()
        with driver.hooked(), contextlib.redirect_stdout(sink if quiet_engine else sys.stdout):
            zensical.build(str(staged.config_path), {"clean": True, "strict": False})
        _move(staged.folder / "site", project.site_dir)
        finish(driver, [src for src, _ in generated], staged.pruned)
        outcome.built = True
    except Exception as error:  # a crash must still be reported, at the configuration
        outcome.diagnostics.append(
            Diagnostic(
                config_path.name,
                None,
                "build.error",
                f"the build stopped: {type(error).__name__}: {error}",
                "fix the fault named here, then run the check again",
            )
        )
    finally:
        os.chdir(old)
        if getattr(driver, "downloads", None) is not None:
            driver.downloads.close()  # after a crash, the worker is not left running
    outcome.diagnostics.extend(driver.reported)
    outcome.watch = list(driver.watch)
    for info in driver.site.pages.values():
        source = project.docs_dir / info.src_path
        origin = driver.site.origins.get(info.src_path)
        built = site_path(info.url)
        if source.is_file():
            outcome.sources[built] = SourcePage(source.relative_to(root).as_posix(), source)
        elif origin is not None:
            outcome.sources[built] = SourcePage(origin.path, None, origin.text, origin.line)
    return outcome


def _move(built: Path, site_dir: Path) -> None:
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, site_dir)


def build_command(config_file: str, site_dir: str | None, strict: bool) -> int:
    started = time.perf_counter()
    outcome = run_build(config_file, site_dir)
    errors = [d for d in outcome.diagnostics if d.severity == "error"]
    for fault in outcome.diagnostics:
        if fault.code.startswith("build."):
            print(f"ERROR   -  {fault.format()}", file=sys.stderr)
    seconds = time.perf_counter() - started
    if not outcome.built:
        return 1
    if strict and errors:
        print(
            f"Aborted with {len(errors)} faults in strict mode (each above, at path:line).",
            file=sys.stderr,
        )
        return 1
    print(f"INFO    -  Site built with Zensical in {seconds:.2f} seconds", file=sys.stderr)
    return 0
