"""The worker's small JSON API (on the worker's web port, next to /metrics and /healthz).

- ``GET /api/alerts?limit=N``: recent alerts of this worker's partitions of the alerts topic,
  newest first.
- ``GET /api/incidents?limit=N``: the latest summary of each incident behind those alerts.
- ``GET /api/silences``: the silences on the silences topic.
- ``POST /api/silences``: create a silence (JSON body: matchers rule/group/country/place/
  severity, ``ends_at`` ISO 8601 or ``duration`` seconds, ``comment``, ``created_by``).
- ``DELETE /api/silences/{id}``: expire a silence.

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
from datetime import UTC, datetime, timedelta
from typing import Any

import faust
from faust.web import Request, Response, View
from pydantic import ValidationError

from alerts.schema import Alert
from alerts.silences import Silence, SilenceError, read_silences, write_silence
from flashpoint.kafkaconf import KafkaSettings
from streams.settings import WorkerSettings
from streams.topics import Topics

__all__ = ["RecentAlerts", "register_api"]

log = logging.getLogger(__name__)

MAX_RECENT = 500


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


def _limit(request: Request) -> int:
    try:
        return max(1, min(MAX_RECENT, int(request.query.get("limit", "50"))))
    except ValueError:
        return 50


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

    @app.page("/api/alerts")
    class AlertsView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            return self.json({"alerts": recent.alerts(_limit(request))})

    @app.page("/api/incidents")
    class IncidentsView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            return self.json({"incidents": recent.incidents(_limit(request))})

    @app.page("/api/silences")
    class SilencesView(View):
        async def get(self, request: Request, **kwargs: Any) -> Response:
            try:
                found = await asyncio.to_thread(read_silences, kafka)
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
                if not isinstance(body, dict):
                    raise ValueError("the body must be a JSON object")
                duration = body.pop("duration", None)
                if duration is not None and "ends_at" not in body:
                    body["ends_at"] = datetime.now(UTC) + timedelta(seconds=float(duration))
                silence = Silence.model_validate(body)
            except (ValidationError, ValueError, TypeError) as exc:
                return self.error(400, f"invalid silence: {exc}")
            try:
                await asyncio.to_thread(write_silence, kafka, silence.id, silence)
            except SilenceError as exc:
                return self.error(503, str(exc))
            log.info("silence created silence=%s", silence.id)
            return self.json(silence.model_dump(mode="json"), status=201)

    @app.page("/api/silences/{silence_id}")
    class SilenceView(View):
        async def delete(self, request: Request, silence_id: str = "", **kwargs: Any) -> Response:
            denied = authorised(self, request)
            if denied is not None:
                return denied
            if not silence_id.startswith("si_"):
                return self.error(400, "not a silence id")
            try:
                await asyncio.to_thread(write_silence, kafka, silence_id, None)
            except SilenceError as exc:
                return self.error(503, str(exc))
            log.info("silence expired silence=%s", silence_id)
            return self.json({"deleted": silence_id})

    return recent
