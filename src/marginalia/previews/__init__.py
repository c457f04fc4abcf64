"""Link previews: a link to another page of the site shows that page's title and summary.

The build marks each internal link in the rendered HTML with the target page's title and
one-line summary (``data-preview-title``, ``data-preview-summary``); a small script shows
them in a ``role="tooltip"`` on hover and on keyboard focus. Nothing is fetched at reading
time, so a preview costs no request.
"""

from __future__ import annotations

from marginalia.previews.links import LinkPreview, PreviewTargets, add_link_previews

__all__ = ["LinkPreview", "PreviewTargets", "add_link_previews"]
