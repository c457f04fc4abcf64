"""The patient second look at 429 and 5xx answers: Retry-After read and honoured, capped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from marginalia.checks.external.recheck import recheck, retry_after_seconds

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("Fri, 27 Nov 2026 12:00:30 GMT", 30.0),
        ("Fri, 27 Nov 2026 11:59:00 GMT", 0.0),  # a date in the past: no wait
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_seconds_or_an_http_date(header, seconds):
    assert retry_after_seconds(header, now=NOW) == seconds


def test_the_wait_is_what_the_server_asked_capped_then_exponential():
    answers = {
        "https://a.example/busy": [(429, 7.0), (429, 100.0), (200, None)],
        "https://a.example/down": [(503, None), (503, None), (503, None)],
        "https://b.example/gone": [(404, None)],
    }
    slept: list[float] = []

    def fetch(url: str, timeout: float) -> tuple[int | None, float | None]:
        return answers[url].pop(0)

    final = recheck(answers, attempts=3, max_wait=30, base_wait=2, fetch=fetch, sleep=slept.append)
    assert final == {
        "https://a.example/busy": 200,
        "https://a.example/down": 503,
        "https://b.example/gone": 404,  # not retryable: asked once
    }
    # a.example's links are taken in turn: 7 s as asked, 100 s capped at 30; then 2 s, 4 s.
    assert slept == [7.0, 30, 2.0, 4.0]
