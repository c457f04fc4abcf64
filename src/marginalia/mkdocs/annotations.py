"""MkDocs adapter for annotations: hands build events to ``marginalia.annotations``.

The Markdown extension does the work; this adapter adds it to the build (one instance for
the whole build, so it can read each page's findings) and reports them as diagnostics.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c

from marginalia.annotations.diagnose import diagnose
from marginalia.annotations.extension import AnnotationsExtension
from marginalia.mkdocs.feature import Feature

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

# The names under which a user may already list the extension in mkdocs.yml.
EXTENSION_NAMES = ("marginalia.annotations", "marginalia.annotations.extension")


class AnnotationsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn annotations off."""

    check_quotes = c.Type(bool, default=True)
    """Require a citation in every blockquote and after every ``<q>`` quotation
    (``annotations.uncited-quote``)."""


class AnnotationsFeature(Feature):
    """Margin notes: ``[passage]{>id}`` in the text and ``/// annotation | id`` blocks."""

    options: AnnotationsConfig
    assets = ("annotations.css", "annotations.js")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # A user who lists the extension keeps its options; it is replaced by one instance
        # this feature can read each page's findings from, never added twice.
        settings: dict = {"check_quotes": self.options.check_quotes}
        listed = [name for name in EXTENSION_NAMES if name in config.markdown_extensions]
        for name in listed:
            config.markdown_extensions.remove(name)
            settings.update(config.mdx_configs.pop(name, None) or {})
        self.extension = AnnotationsExtension(**settings)
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        self.project_dir = os.path.dirname(os.path.abspath(config.config_file_path or "."))
        return config

    def on_page_content(
        self, html: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        report = self.extension.report
        if not report.problems:
            return None
        path = page.file.src_uri
        if page.file.abs_src_path:
            path = os.path.relpath(page.file.abs_src_path, self.project_dir).replace(os.sep, "/")
        source = page.file.content_string if page.file.abs_src_path else (page.markdown or "")
        for diagnostic in diagnose(report.problems, source, path):
            self.report(diagnostic)
        return None
