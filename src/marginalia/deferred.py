"""HTML held out of a page's content until the page is written.

What readers see but nobody searches for (a citation's preview, a page's reference list,
the Bibliography's "Cited in" links) is left out of ``page.content`` as a short comment and
put back into the written page: a search index that reads the content (Material's) does not
parse it, and features that read the content after citations are resolved see less noise.
Numbers are unique across the build, so HTML copied from one page into another still
finds its own part.
"""

from __future__ import annotations

import re

_MARK = re.compile(r"<!--mg-deferred:(\d+)-->")


class DeferredHtml:
    """Holds HTML under numbered comments; :meth:`release` puts it back."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def hold(self, html: str) -> str:
        """The comment that stands for ``html`` until :meth:`release`."""
        self._parts.append(html)
        return f"<!--mg-deferred:{len(self._parts) - 1}-->"

    def release(self, output: str) -> str:
        """``output`` with every comment replaced by the HTML it stands for."""
        if "<!--mg-deferred:" not in output:
            return output
        parts = self._parts

        def part(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return parts[number] if number < len(parts) else ""

        return _MARK.sub(part, output)
