"""The worker's small JSON API (on the worker's web port, next to /metrics and /healthz).

- ``GET /api/alerts?limit=N``: recent alerts of this worker's partitions of the alerts topic,
  newest first (``limit`` 1..500, default 50; anything else is a 400).
- ``GET /api/incidents?limit=N``: the latest summary of each incident behind those alerts.
- ``GET /api/silences``: the silences on the silences topic.
- ``POST /api/silences``: create a silence (JSON body: matchers rule/group/country/place/
  severity, ``ends_at`` ISO 8601 or ``duration`` (seconds, or ``"2h"``, ``"3d"``), ``comment``,
  ``created_by``; at most 90 days). A malformed body is a 400 saying why.
- ``DELETE /api/silences/{id}``: expire a silence (400 for a malformed id, 404 for an unknown
  one).

Kafka being down or slow answers 503 within about ``SILENCE_TIMEOUT`` seconds, never a hang or
a 500.

Mutating endpoints require ``Authorization: Bearer <token>`` where the token is the value of
the environment variable named by ``worker.api_token_env`` (``FLASHPOINT_API_TOKEN``); while
it is unset they answer 403. Dead letters are replayed with ``flashpoint replay-deadletter``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import faust
from faust.web import Request, Response, View
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
from flashpoint.core.kafkaconf import KafkaSettings
from streams.settings import WorkerSettings
from streams.topics import Topics

__all__ = ["RecentAlerts", "create_silence", "expire_silence", "parse_limit", "register_api"]

log = logging.getLogger(__name__)

MAX_RECENT = 500
DEFAULT_LIMIT = 50
# Seconds the API waits for Kafka when reading or writing silences before answering 503.
SILENCE_TIMEOUT = 10.0

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


def parse_limit(value: str | None) -> int:
    """The ``limit`` query parameter: an integer 1..500, 50 when absent; ValueError otherwise."""
    if value is None:
        return DEFAULT_LIMIT
    text = value.strip()
    if not (text.isdigit() and len(text) <= 4 and 1 <= int(text) <= MAX_RECENT):
        raise ValueError(f"limit must be an integer from 1 to {MAX_RECENT}")
    return int(text)


async def _bounded(func: Any, *args: Any, timeout: float, **kwargs: Any) -> Any:
    """Run a blocking Kafka call in a thread; give up (SilenceError) a little after ``timeout``.

    The call bounds its own waits; the outer bound is for what kafka-python does not bound.
    """
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(func, *args, timeout=timeout, **kwargs), timeout + 5.0
        )
    except TimeoutError:
        raise SilenceError(f"Kafka did not answer within {timeout + 5.0:.0f}s") from None


async def create_silence(
    body: Any, kafka: KafkaSettings, *, now: datetime, timeout: float = SILENCE_TIMEOUT
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
    silence_id: str, kafka: KafkaSettings, *, timeout: float = SILENCE_TIMEOUT
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


def register_api(
    app: faust.App, topics: Topics, settings: WorkerSettings, kafka: KafkaSettings
) -> RecentAlerts:
    """Register the API views and the agent that feeds the recent-alerts buffer."""
    recent = RecentAlerts()

    @app.agent(topics.alerts, name="flashpoint.api-recent-alerts")
    async def recent_alerts(stream: faust.StreamT) -> None:
        async for value in stream:
            try:
                recent.add(Alert.from_json(value))
            except (ValidationError, ValueError):
                continue  # delivery dead-letters malformed alerts; the API just skips them

    def authorised(view: View, request: Request) -> Response | None:
        token = os.environ.get(settings.api_token_env, "")
        if not token:
            return view.error(403, f"mutating endpoints are disabled: set {settings.api_token_env}")
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return view.error(401, "missing or wrong bearer token")
        return None

    def newest(
        view: View, request: Request, key: str, read: Callable[[int], list[dict[str, Any]]]
    ) -> Response:
        """``{key: read(limit)}``, the newest entries first; 400 on a bad ``?limit=``."""
        try:
            limit = parse_limit(request.query.get("limit"))
        except ValueError as exc:
            return view.error(400, str(exc))
        return view.json({key: read(limit)})

    @app.page("/api/alerts")
    class AlertsView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            return newest(self, request, "alerts", recent.alerts)

    @app.page("/api/incidents")
    class IncidentsView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            return newest(self, request, "incidents", recent.incidents)

    @app.page("/api/silences")
    class SilencesView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            try:
                found = await _bounded(read_silences, kafka, timeout=SILENCE_TIMEOUT)
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

    return recent
