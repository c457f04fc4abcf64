"""Done when: with ``style: chicago-notes-bibliography`` the real site passes the strict
pull-request check with every feature, and its essay has citation notes beside its
margin notes. Built from a copy; the site's own style is left alone."""

from __future__ import annotations

import re

from marginalia.checks.__main__ import run_check
from tests.notes.real_site import copy_with_style


def test_the_real_site_in_a_note_style_passes_the_strict_check(tmp_path):
    config = copy_with_style(tmp_path / "project")
    site_dir = tmp_path / "site"
    faults = run_check(config, str(site_dir))
    assert [f.format() for f in faults if f.severity == "error"] == []
    essay = (site_dir / "essays/co-production-who-is-co-producing-what/index.html").read_text(
        "utf-8"
    )
    assert essay.count('class="mg-note mg-note--citation"') >= 3
    assert 'class="mg-note"' in essay or "mg-note " in essay
    assert "Cite this page" in essay or "mg-citing" in essay
    # Notes of the style: the first reference to a work in full, later ones shorter.
    values = [int(v) for v in re.findall(r'<li\b[^>]*\bvalue="(\d+)"', essay)]
    assert values == list(range(1, len(values) + 1))
    assert (site_dir / "pagefind").is_dir()
    assert "csl-entry" in (site_dir / "bibliography/index.html").read_text("utf-8")
