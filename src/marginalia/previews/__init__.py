"""Link previews: a link to another page of the site shows that page's title and summary.

The build writes one small index of every page's title and one-line summary
(``previews.json``); a script shows the entry of the page a link leads to in a
``role="tooltip"`` on hover and on keyboard focus. The pages' HTML is left exactly as the
other features made it, and a preview costs no request beyond that one cached file.
"""

from __future__ import annotations

from marginalia.previews.index import LinkPreview, preview_index, preview_index_json

__all__ = ["LinkPreview", "preview_index", "preview_index_json"]
