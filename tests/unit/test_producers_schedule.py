from __future__ import annotations

from datetime import UTC, datetime, timedelta

from producers.fetch import parse_max_age, parse_retry_after
from producers.schedule import backoff_delay, entry_frequency_interval, next_interval

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_interval_follows_publishing_frequency() -> None:
    hourly = [NOW - timedelta(hours=h) for h in range(168)]  # 168 entries in a week
    assert entry_frequency_interval(hourly, NOW, min_interval=300, max_interval=86400) == 3600
    busy = [NOW - timedelta(minutes=m) for m in range(0, 10080, 1)]
    assert entry_frequency_interval(busy, NOW, min_interval=300, max_interval=86400) == 300
    stale = [NOW - timedelta(days=30)]
    assert entry_frequency_interval(stale, NOW, min_interval=300, max_interval=86400) == 86400


def test_ttl_and_max_age_are_floors_capped_at_max() -> None:
    hourly = [NOW - timedelta(hours=h) for h in range(168)]
    kw = {"min_interval": 300.0, "max_interval": 7200.0, "default_interval": 900.0}
    assert next_interval(hourly, NOW, ttl=5400, **kw) == 5400
    assert next_interval(hourly, NOW, max_age=600, **kw) == 3600
    assert next_interval(hourly, NOW, ttl=99999, **kw) == 7200
    assert next_interval(None, NOW, **kw) == 900
    assert next_interval(hourly, NOW, configured=120, **kw) == 120


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    delays = [backoff_delay(n, base=60, cap=3600) for n in range(1, 12)]
    assert 30 <= delays[0] <= 60
    assert 60 <= delays[1] <= 120
    assert all(d <= 3600 for d in delays)
    assert delays[-1] >= 1800
    draws = {round(backoff_delay(3, base=60, cap=3600), 3) for _ in range(20)}
    assert len(draws) > 10  # jittered
    assert backoff_delay(1, base=60, cap=3600, retry_after=900) == 900
    assert backoff_delay(1, base=60, cap=3600, retry_after=10**6) == 3600


def test_header_parsing() -> None:
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 01 May 2024 12:10:00 GMT", now=NOW.timestamp()) == 600
    assert parse_retry_after("soon") is None
    assert parse_max_age("public, max-age=300, s-maxage=60") == 300
    assert parse_max_age("no-cache") is None
