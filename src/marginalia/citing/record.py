"""The citation of one page of the site, as a small immutable record."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class PublicationDate:
    """A year, optionally with month and day (front matter may give only a year)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def parts(self) -> list[int]:
        return [p for p in (self.year, self.month, self.day) if p is not None]

    def iso(self) -> str:
        return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(self.parts))

    def scholar(self) -> str:
        """The form Google Scholar asks for: ``2013/11/05`` or ``2013``."""
        return "/".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(self.parts))


def parse_date(value: object) -> PublicationDate | None:
    """A front-matter ``date`` as a ``PublicationDate``; ``None`` if it is not a date.

    YAML gives ``date: 2013-11-05`` as a ``datetime.date`` and ``date: 2013`` as an int;
    strings may be ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """
    if isinstance(value, dt.datetime):
        return PublicationDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return PublicationDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return PublicationDate(value) if 1000 <= value <= 9999 else None
    if not isinstance(value, str):
        return None
    match = _DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return PublicationDate(year, month, day)


@dataclass(frozen=True)
class PageCitation:
    """What a reader needs to cite one page: nothing here is guessed."""

    key: str  # citation key, unique in the site ("essays-co-production-who")
    title: str
    url: str  # absolute when the site has a ``site_url``, else site-relative
    site_name: str
    author: str = ""  # the collective named in the configuration; "" when none is named
    date: PublicationDate | None = None
    language: str = ""


def citation_key(url: str) -> str:
    """A BibTeX- and Pandoc-safe key made from a page's site-relative URL."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", url.removesuffix("index.html")).strip("-").lower()
    return slug or "home"
