"""A note style under the Zensical driver: the essay's citations are notes there too."""

from __future__ import annotations

import re

from tests.engines.conftest import build
from tests.notes.real_site import copy_with_style


def test_the_real_site_in_a_note_style_builds_with_its_notes_on_zensical(tmp_path):
    config = copy_with_style(tmp_path / "project")
    site_dir = tmp_path / "site"
    done = build("zensical", config.parent, site_dir)
    assert done.returncode == 0, done.stdout + done.stderr
    essay = (site_dir / "essays/co-production-who-is-co-producing-what/index.html").read_text(
        "utf-8"
    )
    assert essay.count('class="mg-note mg-note--citation"') >= 3
    values = [int(v) for v in re.findall(r'<li\b[^>]*\bvalue="(\d+)"', essay)]
    assert values and values == list(range(1, len(values) + 1))
    assert "mg-cite-slot" not in essay
