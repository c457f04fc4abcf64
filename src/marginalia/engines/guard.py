"""``marginalia.plugin_required``: a Python-Markdown extension that stops a build in which
the marginalia plugin does not run.

Zensical reads ``mkdocs.yml`` and runs its Python-Markdown extensions, but drops every
MkDocs plugin it does not know, and says nothing: ``zensical build`` of a marginalia site
would exit 0 with every citation, margin note, tag page and search gone. Listed in
``mkdocs.yml``, this extension runs under every engine; the marginalia plugin (MkDocs,
ProperDocs) and the Zensical driver (``python -m marginalia.zensical``) switch it off, so
wherever it is still on when a page is converted, the plugin is not running, and the
build fails with a message saying how to build the site. It never changes a page.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

NAME = "marginalia.plugin_required"
MESSAGE = (
    "this site's mkdocs.yml names the marginalia plugin, which this engine does not run: "
    "built without it, every citation, margin note, tag page, reference list and search "
    "would be missing. Build it with MkDocs or ProperDocs (`make build`, `make build "
    "ENGINE=properdocs`) or, for Zensical, with `make build ENGINE=zensical` "
    "(`python -m marginalia.zensical build`)"
)


class PluginNotRunning(RuntimeError):
    """The engine converts pages without the marginalia plugin."""


class _Guard(Preprocessor):
    def __init__(self, md: Markdown, active: bool) -> None:
        super().__init__(md)
        self.active = active

    def run(self, lines: list[str]) -> list[str]:
        if self.active:
            raise PluginNotRunning(f"marginalia: {MESSAGE}")
        return lines


class PluginRequiredExtension(Extension):
    """``satisfied=True`` is the plugin's own instance: it lets every page through."""

    def __init__(self, satisfied: bool = False, **kwargs: Any) -> None:
        self.satisfied = satisfied
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # Registered (MkDocs checks every extension loads while reading its config), but it
        # fails only when a page is converted, which the plugin would have switched it off.
        md.preprocessors.register(_Guard(md, not self.satisfied), "marginalia_plugin_required", 1)


def satisfy(extensions: list[Any]) -> list[Any]:
    """``extensions`` with the guard, where listed by name, switched off: the plugin runs."""
    return [PluginRequiredExtension(satisfied=True) if e == NAME else e for e in extensions]


def makeExtension(**kwargs: Any) -> PluginRequiredExtension:  # Python-Markdown's entry
    return PluginRequiredExtension(**kwargs)
