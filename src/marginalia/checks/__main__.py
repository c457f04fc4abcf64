"""``python -m marginalia.checks``: the pull-request check.

One pass: the strict build in-process (every warning kept, none stops it), then internal
links and anchors on the built HTML. ``--external`` checks the links to other sites instead.
Exits 1 if anything is an error; advisories are shown and do not fail.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from marginalia.checks.links import check_site_html
from marginalia.checks.report import annotations, deduplicate, lines, summary
from marginalia.diagnostics import Diagnostic


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m marginalia.checks", description=__doc__)
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml")
    parser.add_argument("--site-dir", help="where to build (default: the config's site_dir)")
    parser.add_argument(
        "--github",
        action="store_true",
        default=os.environ.get("GITHUB_ACTIONS") == "true",
        help="also print GitHub Actions annotations (default when GITHUB_ACTIONS=true)",
    )
    parser.add_argument(
        "--format",
        choices=("grouped", "lines"),
        default="grouped",
        help="grouped: the faults under each file, then a count (default); "
        "lines: one 'path:line: code: message' line per fault, for editors and grep",
    )
    parser.add_argument(
        "--built",
        metavar="SITE_DIR",
        help="only check the links and anchors of an already built folder (no build)",
    )
    parser.add_argument(
        "--base-path",
        default="/",
        help="with --built: the path of site_url that absolute links start with",
    )
    parser.add_argument(
        "--engine",
        choices=("mkdocs", "properdocs", "zensical"),
        default="mkdocs",
        help="the engine that builds the site (see 'Choosing the engine' in the README)",
    )
    parser.add_argument(
        "--external", action="store_true", help="check links to other sites (cached, rate-limited)"
    )
    parser.add_argument(
        "--offline", action="store_true", help="with --external: list the links, fetch nothing"
    )
    return parser.parse_args(argv)


def run_check(
    config_file: str | os.PathLike[str], site_dir: str | None = None, engine: str = "mkdocs"
) -> list[Diagnostic]:
    """The whole pull-request check of one site: every fault, deduplicated and sorted."""
    if engine == "zensical":
        from marginalia.zensical.build import run_build
    else:
        if engine == "properdocs":
            import properdocs.replacement  # noqa: F401  (mkdocs.* is ProperDocs from here on)
        from marginalia.mkdocs.checks import run_build  # the adapter; the check itself is core

    outcome = run_build(config_file, site_dir)
    found = list(outcome.diagnostics)
    if outcome.built:
        found.extend(
            check_site_html(
                outcome.site_dir,
                sources=outcome.sources,
                base_path=outcome.base_path,
                site_label=_relative(outcome.site_dir, outcome.root),
            )
        )
    return deduplicate(found)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.perf_counter()
    if args.external:
        from marginalia.checks.external.command import run_external

        found = run_external(args.config_file, offline=args.offline)
    elif args.built:
        found = check_site_html(args.built, base_path=args.base_path, site_label=args.built)
    else:
        found = run_check(args.config_file, args.site_dir, args.engine)
    if args.format == "lines":
        if found:
            print(lines(found))
    else:
        print(summary(found))
    if args.github and found:
        print(annotations(found))
    print(f"Checked in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
    return 1 if any(d.severity == "error" for d in found) else 0


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":
    sys.exit(main())
