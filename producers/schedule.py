"""When to poll a feed next.

The anchor is miniflux's entry-frequency scheduler: a feed that published N entries in the last
week is polled every week/N, clamped to [min, max]; a feed with no entry that week is polled at
the maximum interval. A configured interval replaces that estimate. ``<ttl>`` and
Cache-Control ``max-age`` are honoured as floors (we never poll more often than the publisher
asks), still capped at the maximum. Errors back off on the project's one schedule
(:class:`flashpoint.core.backoff.Backoff`: exponential, equal jitter), capped at the maximum;
Retry-After is a floor for the next attempt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flashpoint.core.backoff import Backoff

__all__ = ["backoff_delay", "entry_frequency_interval", "next_interval"]

_WEEK = timedelta(days=7)


def entry_frequency_interval(
    published: Iterable[datetime],
    now: datetime,
    *,
    min_interval: float,
    max_interval: float,
) -> float:
    """Seconds between polls from the entries published in the week before ``now``."""
    count = sum(1 for p in published if now - _WEEK <= p <= now)
    if count == 0:
        return max_interval
    return min(max_interval, max(min_interval, _WEEK.total_seconds() / count))


def next_interval(
    published: Iterable[datetime] | None,
    now: datetime,
    *,
    min_interval: float,
    max_interval: float,
    default_interval: float,
    configured: float | None = None,
    ttl: float | None = None,
    max_age: float | None = None,
) -> float:
    """The interval after a successful poll, in seconds.

    ``published`` is the feed's entry dates (estimated ones left out); None means unknown (e.g.
    a 304), which keeps ``default_interval``. ``configured`` pins the interval; ``ttl`` and
    ``max_age`` (seconds) raise it, never above ``max_interval``.
    """
    if configured is not None:
        interval = configured
    elif published is None:
        interval = default_interval
    else:
        interval = entry_frequency_interval(
            published, now, min_interval=min_interval, max_interval=max_interval
        )
    for floor in (ttl, max_age):
        if floor is not None and floor > interval:
            interval = min(floor, max_interval)
    return interval


def backoff_delay(
    errors: int,
    *,
    base: float,
    cap: float,
    retry_after: float | None = None,
) -> float:
    """Seconds to wait after the ``errors``-th consecutive failure (``errors`` >= 1).

    :class:`~flashpoint.core.backoff.Backoff` with ``initial=base``, doubling, capped at
    ``cap``, equal jitter (uniform in [d/2, d]). ``retry_after`` from the server is a floor,
    also capped at ``cap``: a feed is never left unpolled for longer than its maximum interval.
    """
    floor = None if retry_after is None else min(retry_after, cap)
    return Backoff(initial=base, cap=cap, multiplier=2.0, jitter=0.5).delay(errors, floor)
