"""A second, patient look at links a server refused with 429 or 5xx.

lychee retries with back-off, but in its pinned version it honours ``Retry-After`` only in
some cases (not, for instance, when other requests to the same host are already under way).
Links that still end in 429 or 5xx are fetched again here, one host at a time, waiting what
the server asked for (capped), so a server that is merely busy does not produce a fault.
"""

from __future__ import annotations

import email.utils
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from urllib.parse import urlsplit

RETRYABLE = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "Mozilla/5.0 (compatible; marginalia-linkcheck)"


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def fetch_status(url: str, timeout: float) -> tuple[int | None, float | None]:
    """(status, Retry-After seconds) of a GET that follows redirects; status None on failure."""
    request = urllib.request.Request(url.split("#")[0], headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, retry_after_seconds(error.headers.get("Retry-After"))
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        return None, None


def recheck(
    urls: Iterable[str],
    *,
    attempts: int = 3,
    timeout: float = 20.0,
    max_wait: float = 30.0,
    base_wait: float = 2.0,
    fetch: Callable[[str, float], tuple[int | None, float | None]] = fetch_status,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, int | None]:
    """The final status of each URL after patient retries (hosts in parallel, each in turn)."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[urlsplit(url).netloc].append(url)

    def one_host(host_urls: list[str]) -> dict[str, int | None]:
        results: dict[str, int | None] = {}
        for url in host_urls:
            status: int | None = None
            for attempt in range(attempts):
                status, asked = fetch(url, timeout)
                if status is not None and status not in RETRYABLE:
                    break
                if attempt + 1 < attempts:
                    # The server's Retry-After wins; otherwise back off exponentially.
                    wait = asked if asked is not None else base_wait * 2**attempt
                    sleep(min(wait, max_wait))
            results[url] = status
        return results

    final: dict[str, int | None] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for results in pool.map(one_host, by_host.values()):
            final.update(results)
    return final
