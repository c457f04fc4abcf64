"""The accessibility check every browser test shares: axe-core, serious and critical only."""

from __future__ import annotations

from typing import Any


def assert_no_serious_violation(page: Any, context: str | None = None) -> None:
    """Run axe-core on ``page`` (or only the elements matching ``context``) and fail on any
    serious or critical violation, listing each with the elements it was found on."""
    from axe_playwright_python.sync_playwright import Axe

    # Contrast is measured on what is drawn: a result list or an overlay still fading in
    # (a CSS transition) reads as faint text. Wait for every animation to end first.
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')",
        timeout=10_000,
    )
    results = Axe().run(page, context=context) if context else Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]} — {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
    assert results.response["passes"], "axe ran no checks at all"
