"""Burst polling: when an incident opens or escalates, poll the feeds that cover it fast.

Between incidents, feeds are polled on an adaptive schedule of minutes; the first reports of a
new strike are on feeds that will not be fetched again for a while. A rule with ``burst: true``
marks its firing and escalated alerts; the producer reads the alerts topic (Kafka is the only
channel from the worker to the producer) and, for ``burst_duration`` seconds, polls the feeds of
the incident's country, and the regional feeds (a region tag but no country tag) of that
country's region, every ``burst_interval`` seconds. Two limits keep this polite: at most
``burst_per_host`` burst polls of one host per cycle, and at most ``burst_budget`` burst polls per
minute overall (a token bucket). Polls that were due anyway are never held back; a burst poll
over a limit waits for the next cycle.

The producer never imports the alert schema (imports follow the data): it reads the few JSON
fields it needs, and ignores records it cannot read.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson

from producers.feeds import FeedConfig
from producers.settings import ProducerSettings

__all__ = ["AlertListener", "BurstPlanner", "burst_target"]

log = logging.getLogger(__name__)

BURST_STATUSES = ("firing", "escalated")


def burst_target(value: bytes) -> str | None:
    """The country of a burst-marked firing/escalated alert record, else None."""
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict) or data.get("burst") is not True:
        return None
    if data.get("status") not in BURST_STATUSES:
        return None
    incident = data.get("incident")
    country = incident.get("country") if isinstance(incident, dict) else None
    return country.upper()[:8] if isinstance(country, str) and country else None


class BurstPlanner:
    """Which feeds are in a burst until when, and which burst polls the limits admit."""

    def __init__(self, settings: ProducerSettings, feeds: Sequence[FeedConfig]) -> None:
        self.settings = settings
        self.feeds = list(feeds)
        self.until: dict[str, float] = {}
        self._tokens = float(settings.burst_budget)
        self._refilled: float | None = None

    def covering(self, country: str) -> list[FeedConfig]:
        """Feeds tagged with ``country``, and regional feeds of that country's region(s)."""
        country = country.upper()
        by_country = [f for f in self.feeds if f.tags.get("country", "").upper() == country]
        regions = {f.tags["region"] for f in by_country if f.tags.get("region")}
        regional = [
            f for f in self.feeds if not f.tags.get("country") and f.tags.get("region") in regions
        ]
        return by_country + regional

    def start(self, country: str, now: float) -> list[FeedConfig]:
        """Open (or extend) a burst for ``country``; returns the feeds it covers."""
        feeds = self.covering(country)
        end = now + self.settings.burst_duration
        for f in feeds:
            self.until[f.name] = max(self.until.get(f.name, 0.0), end)
        log.info("burst started country=%s feeds=%d until=%.0f", country, len(feeds), end)
        return feeds

    def active(self, feed: str, now: float) -> bool:
        end = self.until.get(feed)
        if end is None:
            return False
        if end <= now:
            del self.until[feed]
            return False
        return True

    def _refill(self, now: float) -> None:
        if self._refilled is not None:
            rate = self.settings.burst_budget / 60.0
            self._tokens = min(
                float(self.settings.burst_budget), self._tokens + (now - self._refilled) * rate
            )
        self._refilled = now

    def admit(
        self, due: Iterable[FeedConfig], is_burst_poll: Callable[[FeedConfig], bool], now: float
    ) -> tuple[list[FeedConfig], list[FeedConfig]]:
        """Split due feeds into (poll now, hold back). Only burst polls are ever held back."""
        self._refill(now)
        take: list[FeedConfig] = []
        held: list[FeedConfig] = []
        per_host: dict[str, int] = {}
        for f in due:
            if not is_burst_poll(f):
                take.append(f)
                continue
            n = per_host.get(f.host, 0)
            if n >= self.settings.burst_per_host or self._tokens < 1.0:
                held.append(f)
                continue
            per_host[f.host] = n + 1
            self._tokens -= 1.0
            take.append(f)
        return take, held


class AlertListener:
    """Reads the alerts topic from its end in a thread; calls ``on_country`` for bursts.

    ``on_country`` is called from the listener thread: hand it to the event loop with
    ``loop.call_soon_threadsafe``. The consumer has no group: every producer sees every alert.
    """

    def __init__(
        self, bootstrap: list[str], topic: str, on_country: Callable[[str], Any], **client: Any
    ) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.on_country = on_country
        self.client = client
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    def start(self, timeout: float = 30.0) -> None:
        self._thread = threading.Thread(target=self._run, name="burst-listener", daemon=True)
        self._thread.start()
        self._ready.wait(timeout)

    def _run(self) -> None:
        from kafka import KafkaConsumer, TopicPartition

        try:
            consumer = KafkaConsumer(
                bootstrap_servers=self.bootstrap,
                enable_auto_commit=False,
                group_id=None,
                consumer_timeout_ms=500,
                **self.client,
            )
            parts = consumer.partitions_for_topic(self.topic) or set()
            if not parts:
                log.warning("burst listener: topic %s has no partitions (yet)", self.topic)
            tps = [TopicPartition(self.topic, p) for p in sorted(parts)]
            consumer.assign(tps)
            consumer.seek_to_end(*tps)
            for tp in tps:
                consumer.position(tp)  # resolve "end" now: alerts after start are all seen
        except Exception as exc:  # the producer polls on without bursts
            self.error = f"{type(exc).__name__}: {exc}"
            log.error("burst listener cannot start topic=%s error=%s", self.topic, self.error)
            self._ready.set()
            return
        self._ready.set()
        try:
            while not self._stop.is_set():
                batch = consumer.poll(timeout_ms=200)
                for records in batch.values():
                    for record in records:
                        country = burst_target(record.value or b"")
                        if country:
                            self.on_country(country)
        finally:
            consumer.close()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
