"""``scripts/bench --profile N``: where one full build of an N-page site spends its time."""

from __future__ import annotations

import pstats
import shutil
import subprocess
import sys
from pathlib import Path

from benchlib.measure import CHILD_ENV
from benchlib.siteconfig import write_variant_configs
from benchlib.sitegen import SiteSpec, generate


def profile_full_build(
    repo: Path,
    workdir: Path,
    pages: int,
    entries: int,
    seed: int,
    variants: tuple[str, ...] = ("plain", "citations", "no-citations", "full"),
    nav: str = "pages",
) -> int:
    """Profile cold builds of ``variants``; print the hot spots of each."""
    spec = SiteSpec(pages=pages, entries=entries, seed=seed)
    site = generate(spec, workdir.resolve() / spec.name, repo)
    configs = write_variant_configs(repo, site.root, variants, nav=nav)
    for variant in variants:
        shutil.rmtree(site.root / ".cache", ignore_errors=True)
        out = site.root / f"profile-{variant}.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(out)]
        command += ["-m", "mkdocs", "build", "-q", "-f", configs[variant].name]
        subprocess.run(command, cwd=site.root, env=CHILD_ENV, check=True)
        stats = pstats.Stats(str(out))
        print(f"\n=== {variant} build, {pages} pages, {entries} entries: {out}")
        stats.sort_stats("cumulative").print_stats(
            r"marginalia|mkdocs/commands|material|subprocess", 25
        )
        stats.sort_stats("tottime").print_stats(25)
    return 0
