"""The poll loop: schedule, fetch, parse, dedup, publish, remember.

Order inside a cycle matters for "never miss, never twice": new items are claimed in the state
(pending) before any is sent, and a feed's validators (ETag, Last-Modified) are saved only after
its items are claimed, so a crash can never turn a feed's new items into a 304.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from prometheus_client import CollectorRegistry

from flashpoint.core.health import Health, HealthSettings, Verdict
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.urls import redact_url
from producers.burst import AlertListener, BurstPlanner
from producers.dates import DatePolicy
from producers.errors import FeedGoneError, FetchError, ParseError, UnsafeURLError
from producers.feeds import FeedConfig
from producers.fetch import Fetcher
from producers.items import Item
from producers.metrics import ProducerMetrics
from producers.parse import Limits, ParsedFeed
from producers.parsepool import ParserPool
from producers.schedule import backoff_delay, next_interval
from producers.settings import ProducerSettings
from producers.state import FeedState, State, dedup_keys
from producers.websub import Discovery, WebSub, discover

__all__ = ["CycleReport", "Producer", "fetch_one", "run_producer"]

log = logging.getLogger(__name__)


class PublisherLike(Protocol):
    def start(self) -> Any: ...
    def recover(self) -> Any: ...
    def has_pending(self) -> bool: ...
    def publish(self, items: Sequence[Item], keys: dict[str, list[str]]) -> int: ...
    def close(self, timeout: float = 30.0) -> None: ...


@dataclass
class PollResult:
    feed: FeedConfig
    outcome: str
    items: list[Item] = field(default_factory=list)
    error: str | None = None
    discovery: Discovery | None = None


@dataclass
class CycleReport:
    """Totals over the cycles run (``run_producer`` returns the sum)."""

    cycles: int = 0
    polled: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    new_items: int = 0
    published: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: CycleReport) -> None:
        self.cycles += other.cycles
        self.polled += other.polled
        for k, v in other.outcomes.items():
            self.outcomes[k] = self.outcomes.get(k, 0) + v
        self.new_items += other.new_items
        self.published += other.published
        self.duplicates += other.duplicates
        self.errors.extend(other.errors)


def _limits(settings: ProducerSettings) -> Limits:
    return Limits(
        max_items=settings.max_items_per_feed,
        max_title_chars=settings.max_title_chars,
        max_text_chars=settings.max_text_chars,
        max_field_bytes=settings.max_field_bytes,
        dates=DatePolicy(
            future_skew=timedelta(seconds=settings.date_future_skew),
            past_skew=timedelta(seconds=settings.date_past_skew),
        ),
    )


def make_pool(settings: ProducerSettings) -> ParserPool:
    return ParserPool(
        settings.parse_workers,
        timeout=settings.parse_timeout,
        memory_mb=settings.parse_memory_mb,
        limits=_limits(settings),
    )


class Producer:
    """Polls a fixed list of feeds. Build it, then ``await run(once=..., stop=...)``."""

    def __init__(
        self,
        settings: ProducerSettings,
        feeds: Sequence[FeedConfig],
        *,
        state: State,
        publisher: PublisherLike,
        metrics: ProducerMetrics,
    ) -> None:
        self.settings = settings
        self.feeds = list(feeds)
        self.state = state
        self.publisher = publisher
        self.metrics = metrics
        self.fetcher = Fetcher(settings)
        self.pool = make_pool(settings)
        self.feed_state: dict[str, FeedState] = {f.name: state.feed(f.name, f.url) for f in feeds}
        self.last_tick: float | None = None
        self.ready = False
        self._publish_lock = asyncio.Lock()  # polls and pushes claim items one at a time
        self._tasks: set[asyncio.Task[Any]] = set()
        self.burst = BurstPlanner(settings, feeds)
        self._burst_polls: set[str] = set()  # feeds whose next poll a burst brought forward
        self._wake = asyncio.Event()
        self.websub: WebSub | None = None
        if settings.websub_callback_base:
            self.websub = WebSub(
                settings,
                feeds,
                state=state,
                fetcher=self.fetcher,
                metrics=metrics,
                on_delivery=self.ingest_push,
                on_active=self._wake.set,
            )
        self._update_feed_gauges()

    def _update_feed_gauges(self) -> None:
        gone = sum(1 for fs in self.feed_state.values() if fs.gone)
        self.metrics.feeds_active.labels("active").set(len(self.feeds) - gone)
        self.metrics.feeds_active.labels("gone").set(gone)

    # ---- one feed ----------------------------------------------------------------------------
    async def poll(self, feed: FeedConfig) -> tuple[PollResult, FeedState]:
        """Fetch and parse one feed; returns the result and its *unsaved* new state."""
        s = self.settings
        old = self.feed_state[feed.name]
        fs = FeedState(**vars(old))
        started = time.monotonic()
        now = time.time()
        fetched_at = datetime.now(UTC)
        cap = max(s.max_interval, feed.interval or 0)
        try:
            res = await self.fetcher.fetch(feed.url, etag=fs.etag, last_modified=fs.last_modified)
            if res.not_modified:
                result = PollResult(feed, "not-modified")
                interval = next_interval(
                    None,
                    fetched_at,
                    min_interval=s.min_interval,
                    max_interval=cap,
                    default_interval=fs.interval or s.default_interval,
                    configured=feed.interval,
                    max_age=res.max_age,
                )
                fs.etag = res.etag or fs.etag
                fs.last_modified = res.last_modified or fs.last_modified
            else:
                assert res.body is not None
                self.metrics.bytes_fetched.inc(len(res.body))
                parsed: ParsedFeed = await self.pool.parse(
                    res.body,
                    feed=feed.name,
                    fetched_at=fetched_at,
                    language=feed.language,
                    tags=feed.tags,
                    content_type=res.content_type,
                    base_url=res.url if res.url.startswith("http") else None,
                )
                result = PollResult(feed, "ok", parsed.items)
                result.discovery = discover(res.link, parsed.hub, parsed.self_url, res.url)
                for reason, count in parsed.skipped_reasons.items():
                    self.metrics.entries_skipped.labels(reason).inc(count)
                for reason, count in parsed.dates_estimated.items():
                    self.metrics.dates_estimated.labels(feed.name, reason).inc(count)
                dated = parsed.entry_dates
                interval = next_interval(
                    dated if dated else None,
                    fetched_at,
                    min_interval=s.min_interval,
                    max_interval=cap,
                    default_interval=s.default_interval,
                    configured=feed.interval,
                    ttl=parsed.ttl,
                    max_age=res.max_age,
                )
                fs.etag = res.etag
                fs.last_modified = res.last_modified
            fs.errors = 0
            fs.interval = interval
            if self.websub is not None and self.websub.active(feed.name):
                # the hub pushes; polling is only the safety net, on a fixed beat
                interval = s.websub_safety_interval
            if self.burst.active(feed.name, now) and s.burst_interval < interval:
                interval = s.burst_interval
                self._burst_polls.add(feed.name)
            else:
                self._burst_polls.discard(feed.name)
            fs.next_due = now + interval
            fs.last_success = now
            fs.last_error = None
            self.metrics.last_success.labels(feed.name).set(now)
            self.metrics.backoff.labels(feed.name).set(0)
            self.metrics.interval.labels(feed.name).set(interval)
        except FeedGoneError as exc:
            result = PollResult(feed, "gone", error=str(exc))
            fs.gone = True
            fs.last_error = str(exc)
            self.metrics.feeds_disabled.inc()
            log.warning(
                "feed disabled feed=%s url=%s reason=410-gone", feed.name, redact_url(feed.url)
            )
        except (FetchError, ParseError) as exc:
            if isinstance(exc, ParseError):
                outcome = "parse-error"
                self.metrics.parse_errors.labels(exc.reason).inc()
                if exc.reason in ("timeout", "memory", "crash"):
                    self.metrics.parser_killed.labels(exc.reason).inc()
                retry_after = None
            else:
                outcome = exc.outcome
                retry_after = exc.retry_after
            fs.errors += 1
            delay = backoff_delay(fs.errors, base=s.backoff_base, cap=cap, retry_after=retry_after)
            fs.next_due = now + delay
            fs.last_error = str(exc)[:500]
            result = PollResult(feed, outcome, error=str(exc))
            self.metrics.backoff.labels(feed.name).set(delay)
            level = logging.WARNING if not isinstance(exc, UnsafeURLError) else logging.ERROR
            log.log(
                level,
                "poll failed feed=%s outcome=%s errors=%d retry_in=%.0fs error=%s",
                feed.name,
                outcome,
                fs.errors,
                delay,
                exc,
            )
        self.metrics.consecutive_errors.labels(feed.name).set(fs.errors)
        self.metrics.polls.labels(result.outcome).inc()
        self.metrics.poll_duration.observe(time.monotonic() - started)
        return result, fs

    # ---- one cycle ---------------------------------------------------------------------------
    async def cycle(self, feeds: Sequence[FeedConfig]) -> CycleReport:
        """Poll ``feeds`` concurrently, publish what is new, then save their state."""
        t0 = time.monotonic()
        report = CycleReport(cycles=1, polled=len(feeds))
        if self.publisher.has_pending():
            await asyncio.to_thread(self.publisher.recover)
        polled = await asyncio.gather(*(self.poll(f) for f in feeds))
        for result, _fs in polled:
            report.outcomes[result.outcome] = report.outcomes.get(result.outcome, 0) + 1
            if result.error:
                report.errors.append(f"{result.feed.name}: {result.error}")
        report.new_items, report.published, report.duplicates = await self._claim_and_publish(
            [item for result, _fs in polled for item in result.items]
        )
        for _result, fs in polled:
            self.state.save_feed(fs)
            self.feed_state[fs.name] = fs
        self._update_feed_gauges()
        if self.websub is not None:
            for result, _fs in polled:
                if result.discovery is not None:
                    self._background(
                        self.websub.consider(result.feed, result.discovery, time.time())
                    )
        self.metrics.cycle_duration.observe(time.monotonic() - t0)
        log.info(
            "cycle done feeds=%d new=%d published=%d duplicates=%d seconds=%.2f",
            len(feeds),
            report.new_items,
            report.published,
            report.duplicates,
            time.monotonic() - t0,
        )
        return report

    async def _claim_and_publish(self, items: Sequence[Item]) -> tuple[int, int, int]:
        """Dedup ``items`` against the state and each other, publish the new ones.

        Returns (new, published, duplicates). Polls and pushes both come through here, under
        one lock, so an item pushed and then polled (or both at once) is claimed once.
        """
        async with self._publish_lock:
            new: dict[str, Item] = {}
            keys_of: dict[str, list[str]] = {}
            owner: dict[str, str] = {}
            duplicates = 0
            for item in items:
                keys = ["id:" + item.id, *dedup_keys(item.guid, item.url)]
                prior = self.state.known(keys)
                if prior is not None:
                    self.state.add_source(prior, item.feed, keys)
                    duplicates += 1
                    continue
                mine = next((owner[k] for k in keys if k in owner), None)
                if mine is not None:
                    first = new[mine]
                    if item.feed not in first.sources:
                        new[mine] = first.model_copy(
                            update={"sources": (*first.sources, item.feed)}
                        )
                    for k in keys:
                        if k not in owner:
                            owner[k] = mine
                            keys_of[mine].append(k)
                    duplicates += 1
                    continue
                new[item.id] = item
                keys_of[item.id] = keys
                for k in keys:
                    owner[k] = item.id
            self.metrics.duplicates.inc(duplicates)
            for item in new.values():
                self.metrics.items_by_mode.labels(item.mode).inc()
            published = 0
            if new:
                published = await asyncio.to_thread(
                    self.publisher.publish, list(new.values()), keys_of
                )
            return len(new), published, duplicates

    async def ingest_push(self, feed: FeedConfig, body: bytes, content_type: str | None) -> int:
        """Parse a body a hub delivered for ``feed`` and publish its new items (mode push).

        Raises ParseError for a body the parser refuses. Returns the number published.
        """
        parsed = await self.pool.parse(
            body,
            feed=feed.name,
            fetched_at=datetime.now(UTC),
            language=feed.language,
            tags=feed.tags,
            content_type=content_type,
            base_url=feed.url,
        )
        for reason, count in parsed.skipped_reasons.items():
            self.metrics.entries_skipped.labels(reason).inc(count)
        items = [item.model_copy(update={"mode": "push"}) for item in parsed.items]
        _new, published, _dups = await self._claim_and_publish(items)
        return published

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- the loop ----------------------------------------------------------------------------
    def start_burst(self, country: str, now: float) -> int:
        """Poll the feeds covering ``country`` now, then every ``burst_interval`` for the burst.

        Returns the number of feeds brought forward. Called on the event loop.
        """
        count = 0
        for f in self.burst.start(country, now):
            fs = self.feed_state[f.name]
            if fs.gone:
                continue
            fs.next_due = min(fs.next_due, now)
            self._burst_polls.add(f.name)
            count += 1
        if count:
            self.metrics.bursts.inc()
            self._wake.set()
        return count

    def _due_at(self, feed: FeedConfig) -> float:
        """When ``feed`` is next due. A subscription that became active after the feed's last
        poll (scheduled on the adaptive beat) brings it to the safety beat at once."""
        fs = self.feed_state[feed.name]
        if (
            self.websub is not None
            and fs.errors == 0
            and fs.last_success is not None
            and self.websub.active(feed.name)
        ):
            return min(fs.next_due, fs.last_success + self.settings.websub_safety_interval)
        return fs.next_due

    def due(self, now: float, *, all_enabled: bool = False) -> list[FeedConfig]:
        enabled = [f for f in self.feeds if not self.feed_state[f.name].gone]
        if all_enabled:
            return enabled
        due = [f for f in enabled if self._due_at(f) <= now]
        take, held = self.burst.admit(due, lambda f: f.name in self._burst_polls, now)
        for f in held:  # over the burst budget or the per-host limit: next cycle
            self.feed_state[f.name].next_due = now + 1.0
        self.metrics.burst_polls.labels("polled").inc(
            sum(1 for f in take if f.name in self._burst_polls)
        )
        self.metrics.burst_polls.labels("held").inc(len(held))
        return take

    async def _sleep(self, stop: asyncio.Event, timeout: float) -> None:
        """Wait until ``stop``, a burst (``_wake``) or ``timeout``, whichever comes first."""
        waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
        try:
            await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for w in waiters:
                w.cancel()
            self._wake.clear()

    async def run(self, *, once: bool, stop: asyncio.Event | None = None) -> CycleReport:
        """Poll until ``stop`` is set (or one cycle over every enabled feed when ``once``)."""
        stop = stop or asyncio.Event()
        total = CycleReport()
        self.pool.start()
        await asyncio.to_thread(self.publisher.start)
        if self.websub is not None and not once:
            await self.websub.serve()
        self.ready = True
        try:
            while not stop.is_set():
                self.last_tick = time.time()
                if self.websub is not None and not once:
                    await self.websub.maintain(time.time())
                due = self.due(time.time(), all_enabled=once)
                if due:
                    total.add(await self.cycle(due))
                if once:
                    break
                upcoming = [self._due_at(f) for f in self.feeds if not self.feed_state[f.name].gone]
                wait = (min(upcoming) - time.time()) if upcoming else 60.0
                await self._sleep(stop, min(60.0, max(0.2, wait)))
        finally:
            self.ready = False
            for task in list(self._tasks):
                task.cancel()
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            if self.websub is not None:
                await self.websub.close()
            await asyncio.to_thread(self.publisher.close)
            self.pool.close()
            await self.fetcher.close()
        return total


async def _serve_metrics(
    settings: ProducerSettings, metrics: ProducerMetrics, producer: Producer, health: Health
) -> Any:
    from flashpoint.core.httpserve import serve_metrics

    def _started() -> Verdict:
        return Verdict(producer.ready, "" if producer.ready else "starting")

    health.ready_checks["producer"] = _started
    runner = await serve_metrics(
        settings.metrics_host,
        settings.metrics_port,
        metrics.registry,
        health,
        lambda: {"feeds": len(producer.feeds), "last_tick": producer.last_tick},
    )
    log.info("metrics on http://%s:%d/metrics", settings.metrics_host, settings.metrics_port)
    return runner


async def run_producer(
    settings: ProducerSettings,
    kafka: KafkaSettings,
    feeds: Sequence[FeedConfig],
    *,
    once: bool,
    stop: asyncio.Event | None = None,
    registry: CollectorRegistry | None = None,
    publisher: PublisherLike | None = None,
    health: HealthSettings | None = None,
) -> CycleReport:
    """Run the producer in-process (the CLI, the demo and the tests call this).

    ``once`` polls every enabled feed one time, publishes, flushes and returns. Otherwise it
    runs until ``stop`` is set. ``publisher`` replaces the Kafka publisher (tests). ``health``
    holds the probe thresholds of /healthz and /readyz (defaults when not given).
    """
    from producers.publish import Publisher

    metrics = ProducerMetrics(registry)
    state = State(settings.state_path)
    try:
        pub = publisher or Publisher(kafka, settings, state, metrics)
        producer = Producer(settings, feeds, state=state, publisher=pub, metrics=metrics)
        runner = None
        probes = None
        listener = None
        if settings.metrics_port:
            probes = Health(
                health or HealthSettings(), metrics.registry, servers=kafka.bootstrap_list()
            )
            probes.start()
            runner = await _serve_metrics(settings, metrics, producer, probes)
        if settings.burst_listen and not once:
            loop = asyncio.get_running_loop()
            listener = AlertListener(
                kafka.bootstrap_list(),
                kafka.alerts_topic,
                lambda country: loop.call_soon_threadsafe(
                    producer.start_burst, country, time.time()
                ),
            )
            await asyncio.to_thread(listener.start)
        try:
            return await producer.run(once=once, stop=stop)
        finally:
            if listener is not None:
                await asyncio.to_thread(listener.close)
            if runner is not None:
                await runner.cleanup()
            if probes is not None:
                await probes.stop()
    finally:
        state.close()


async def fetch_one(
    target: str, settings: ProducerSettings, *, name: str = "fetch", language: str | None = None
) -> tuple[ParsedFeed, str]:
    """Fetch and parse one feed (URL or local path) with the producer's limits and defences.

    Returns the parsed feed and the final URL. Raises FetchError or ParseError.
    """
    if "://" not in target and not target.startswith("file:"):
        target = Path(target).resolve().as_uri()
    pool = make_pool(settings)
    try:
        async with Fetcher(settings) as fetcher:
            res = await fetcher.fetch(target)
            if res.body is None:
                raise FetchError("no body", url=target)
            parsed = await pool.parse(
                res.body,
                feed=name,
                fetched_at=datetime.now(UTC),
                language=language,
                content_type=res.content_type,
                base_url=res.url if res.url.startswith("http") else None,
            )
            return parsed, res.url
    finally:
        pool.close()
