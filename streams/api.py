"""The worker's small JSON API (on the worker's web port, next to /metrics and /healthz).

- ``GET /api/alerts?limit=N``: the newest alerts on the alerts topic (every partition, at most
  the last 500 of each), newest first (``limit`` 1..500, default 50; anything else is a 400).
- ``GET /api/incidents?limit=N``: the latest summary of each incident behind those alerts.

The alerts are read from the topic when asked (:class:`AlertTail`), not by a stream the worker
runs for every alert: the first request reads the tail of each partition, later ones only what
was added since. Nothing is read while nobody asks, and every worker answers with the whole
topic.
- ``GET /api/silences``: the silences on the silences topic.
- ``POST /api/silences``: create a silence (JSON body: matchers rule/group/country/place/
  severity, ``ends_at`` ISO 8601 or ``duration`` (seconds, or ``"2h"``, ``"3d"``), ``comment``,
  ``created_by``; at most 90 days). A malformed body is a 400 saying why.
- ``DELETE /api/silences/{id}``: expire a silence (400 for a malformed id, 404 for an unknown
  one).

Kafka being down or slow answers 503 within about ``KAFKA_TIMEOUT`` seconds, never a hang or a
500.

Mutating endpoints require ``Authorization: Bearer <token>`` where the token is the value of
the environment variable named by ``worker.api_token_env`` (``FLASHPOINT_API_TOKEN``); while
it is unset they answer 403. Dead letters are replayed with ``flashpoint replay-deadletter``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

import faust
from faust.web import Request, Response, View
from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError
from pydantic import ValidationError

from alerts.schema import Alert
from alerts.silences import (
    InvalidSilenceError,
    SilenceError,
    is_silence_id,
    read_silences,
    silence_from_request,
    write_silence,
)
from flashpoint.core.errors import FlashpointError
from flashpoint.core.kafkaconf import KafkaSettings
from flashpoint.core.kafkaread import group_less_consumer
from streams.settings import WorkerSettings

__all__ = [
    "AlertTail",
    "AlertsUnavailableError",
    "RecentAlerts",
    "create_silence",
    "expire_silence",
    "newest",
    "parse_limit",
    "register_api",
]

log = logging.getLogger(__name__)

MAX_RECENT = 500
DEFAULT_LIMIT = 50
# Seconds the API waits for Kafka (reading alerts, reading or writing silences) before a 503.
KAFKA_TIMEOUT = 10.0

Answer = tuple[int, dict[str, Any]]


class RecentAlerts:
    """A bounded, newest-last buffer of alerts with one entry per alert id."""

    def __init__(self, size: int = MAX_RECENT) -> None:
        self._buf: deque[Alert] = deque(maxlen=size)
        self._ids: set[str] = set()

    def add(self, alert: Alert) -> None:
        if alert.id in self._ids:
            return
        if len(self._buf) == self._buf.maxlen:
            self._ids.discard(self._buf[0].id)
        self._buf.append(alert)
        self._ids.add(alert.id)

    def alerts(self, limit: int) -> list[dict[str, Any]]:
        return [a.model_dump(mode="json") for a in list(self._buf)[::-1][:limit]]

    def incidents(self, limit: int) -> list[dict[str, Any]]:
        latest: dict[str, dict[str, Any]] = {}
        for alert in reversed(self._buf):
            if alert.incident is not None and alert.incident.id not in latest:
                latest[alert.incident.id] = alert.incident.model_dump(mode="json")
        return list(latest.values())[:limit]


class AlertsUnavailableError(FlashpointError):
    """The alerts topic could not be read (the API's 503)."""


class AlertTail:
    """The newest alerts on the alerts topic, read when asked, through one open consumer.

    The first read takes the last ``size`` records of each partition (outside any consumer
    group, so every partition); each later one only what was added since, so a dashboard that
    polls costs what is new, and nobody asking costs nothing. A partition the topic gains is
    read from its own last ``size`` records once the consumer's metadata lists it. A record
    that is not an alert is skipped, logged and counted in ``skipped`` (the delivery service
    dead-letters it, with its metric). After a Kafka error the consumer is dropped and the
    next call starts again from the tail. Thread-safe: the API calls it in a thread.
    """

    def __init__(
        self,
        kafka: KafkaSettings,
        *,
        size: int = MAX_RECENT,
        connect_timeout: float = KAFKA_TIMEOUT,
    ) -> None:
        self.kafka = kafka
        self.size = size
        self.connect_timeout = connect_timeout
        self.recent = RecentAlerts(size)
        self.skipped = 0
        self._lock = threading.Lock()
        self._consumer: KafkaConsumer | None = None
        self._tps: set[TopicPartition] = set()

    def alerts(self, limit: int, *, timeout: float = KAFKA_TIMEOUT) -> list[dict[str, Any]]:
        """The newest ``limit`` alerts, newest first (after reading what is new)."""
        with self._lock:
            self._refresh(timeout)
            return self.recent.alerts(limit)

    def incidents(self, limit: int, *, timeout: float = KAFKA_TIMEOUT) -> list[dict[str, Any]]:
        """The latest summary of each incident behind the newest alerts, newest first."""
        with self._lock:
            self._refresh(timeout)
            return self.recent.incidents(limit)

    def refresh(self, *, timeout: float = KAFKA_TIMEOUT) -> int:
        """Read what was added to the topic; return how many records were read."""
        with self._lock:
            return self._refresh(timeout)

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _drop(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
        self._consumer = None
        self._tps = set()

    def _refresh(self, timeout: float) -> int:
        topic = self.kafka.alerts_topic
        try:
            return self._read(topic, timeout)
        except KafkaError as exc:
            self._drop()
            raise AlertsUnavailableError(f"cannot read {topic}: {exc}") from exc
        except AlertsUnavailableError:
            self._drop()
            raise

    def _read(self, topic: str, timeout: float) -> int:
        if self._consumer is None:
            self._consumer = group_less_consumer(
                self.kafka, "flashpoint-api-alerts", connect_timeout=self.connect_timeout
            )
        consumer = self._consumer
        tps = {TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()}
        if not tps:
            return 0
        new = tps - self._tps
        if new:
            consumer.assign(sorted(tps))
            firsts = consumer.beginning_offsets(list(new))
            lasts = consumer.end_offsets(list(new))
            for tp in new:
                consumer.seek(tp, max(firsts[tp], lasts[tp] - self.size))
            self._tps = tps
        ends = consumer.end_offsets(sorted(tps))
        got: list[tuple[int, int, int, bytes | None]] = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < ends[tp] for tp in tps):
            if time.monotonic() > deadline:
                raise AlertsUnavailableError(f"reading {topic} took longer than {timeout:.0f}s")
            for tp, records in consumer.poll(timeout_ms=200).items():
                got.extend((r.timestamp, tp.partition, r.offset, r.value) for r in records)
        # Newest first across partitions (by the time each record was sent), parsed until the
        # buffer's worth of alerts is found; added oldest first, so the buffer keeps the newest.
        got.sort(key=lambda r: r[:3], reverse=True)
        found: list[Alert] = []
        for _, partition, offset, value in got:
            if len(found) == self.size:
                break
            try:
                found.append(Alert.from_json(value or b""))
            except (ValidationError, ValueError) as exc:
                self.skipped += 1
                log.warning(
                    "not an alert on %s partition=%d offset=%d error=%s",
                    topic,
                    partition,
                    offset,
                    str(exc).splitlines()[0][:200],
                )
        for alert in reversed(found):
            self.recent.add(alert)
        return len(got)


def parse_limit(value: str | None) -> int:
    """The ``limit`` query parameter: an integer 1..500, 50 when absent; ValueError otherwise."""
    if value is None:
        return DEFAULT_LIMIT
    text = value.strip()
    if not (text.isdigit() and len(text) <= 4 and 1 <= int(text) <= MAX_RECENT):
        raise ValueError(f"limit must be an integer from 1 to {MAX_RECENT}")
    return int(text)


async def _bounded(
    func: Any,
    *args: Any,
    timeout: float,
    error: type[FlashpointError] = SilenceError,
    **kwargs: Any,
) -> Any:
    """Run a blocking Kafka call in a thread; give up (``error``) a little after ``timeout``.

    The call bounds its own waits; the outer bound is for what kafka-python does not bound.
    """
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(func, *args, timeout=timeout, **kwargs), timeout + 5.0
        )
    except TimeoutError:
        raise error(f"Kafka did not answer within {timeout + 5.0:.0f}s") from None


async def newest(
    read: Callable[..., list[dict[str, Any]]],
    key: str,
    limit: str | None,
    *,
    timeout: float = KAFKA_TIMEOUT,
) -> Answer:
    """``GET /api/alerts`` or ``/api/incidents``: 200 with ``{key: read(limit)}``, the newest
    first; 400 on a bad ``limit``; 503 when the alerts topic cannot be read (``read`` is
    :meth:`AlertTail.alerts` or :meth:`AlertTail.incidents`)."""
    try:
        n = parse_limit(limit)
    except ValueError as exc:
        return 400, {"error": str(exc)}
    try:
        found = await _bounded(read, n, timeout=timeout, error=AlertsUnavailableError)
    except AlertsUnavailableError as exc:
        return 503, {"error": str(exc)}
    return 200, {key: found}


async def create_silence(
    body: Any, kafka: KafkaSettings, *, now: datetime, timeout: float = KAFKA_TIMEOUT
) -> Answer:
    """``POST /api/silences`` once authorised: 201 with the silence, 400 or 503 with an error."""
    try:
        silence = silence_from_request(body, now=now)
    except InvalidSilenceError as exc:
        return 400, {"error": f"invalid silence: {exc}"}
    try:
        await _bounded(write_silence, kafka, silence.id, silence, timeout=timeout)
    except SilenceError as exc:
        return 503, {"error": str(exc)}
    log.info("silence created silence=%s", silence.id)
    return 201, silence.model_dump(mode="json")


async def expire_silence(
    silence_id: str, kafka: KafkaSettings, *, timeout: float = KAFKA_TIMEOUT
) -> Answer:
    """``DELETE /api/silences/{id}`` once authorised: 200, 400 (not an id), 404 or 503."""
    if not is_silence_id(silence_id):
        return 400, {"error": "not a silence id (si_ and 1 to 64 lower-case hex digits)"}
    try:
        known = await _bounded(read_silences, kafka, timeout=timeout)
        if silence_id not in known:
            return 404, {"error": f"no silence {silence_id}"}
        await _bounded(write_silence, kafka, silence_id, None, timeout=timeout)
    except SilenceError as exc:
        return 503, {"error": str(exc)}
    log.info("silence expired silence=%s", silence_id)
    return 200, {"deleted": silence_id}


def register_api(app: faust.App, settings: WorkerSettings, kafka: KafkaSettings) -> AlertTail:
    """Register the API views; return the reader of the alerts topic behind them."""
    tail = AlertTail(kafka)

    async def _close_tail(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        await asyncio.to_thread(tail.close)

    app.on_before_shutdown.connect(cast(Any, _close_tail))

    def authorised(view: View, request: Request) -> Response | None:
        token = os.environ.get(settings.api_token_env, "")
        if not token:
            return view.error(403, f"mutating endpoints are disabled: set {settings.api_token_env}")
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return view.error(401, "missing or wrong bearer token")
        return None

    @app.page("/api/alerts")
    class AlertsView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            status, answer = await newest(tail.alerts, "alerts", request.query.get("limit"))
            return self.json(answer, status=status)

    @app.page("/api/incidents")
    class IncidentsView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            status, answer = await newest(tail.incidents, "incidents", request.query.get("limit"))
            return self.json(answer, status=status)

    @app.page("/api/silences")
    class SilencesView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            try:
                found = await _bounded(read_silences, kafka, timeout=KAFKA_TIMEOUT)
            except SilenceError as exc:
                return self.error(503, str(exc))
            now = datetime.now(UTC)
            return self.json(
                {
                    "silences": [
                        {**s.model_dump(mode="json"), "active": s.active(now)}
                        for s in found.values()
                    ]
                }
            )

        async def post(self, request: Request, **kwargs: Any) -> Response:
            denied = authorised(self, request)
            if denied is not None:
                return denied
            try:
                body = await request.json()
            except ValueError as exc:  # not JSON (1e309 is JSON: it becomes inf)
                return self.error(400, f"invalid silence: the body is not JSON ({exc})")
            status, answer = await create_silence(body, kafka, now=datetime.now(UTC))
            return self.json(answer, status=status)

    @app.page("/api/silences/{silence_id}")
    class SilenceView(View):
        async def delete(self, request: Request, silence_id: str = "", **kwargs: Any) -> Response:
            denied = authorised(self, request)
            if denied is not None:
                return denied
            status, answer = await expire_silence(silence_id, kafka)
            return self.json(answer, status=status)

    return tail
