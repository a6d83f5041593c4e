"""The rules agent: ``items.classified`` -> incidents and threshold rules -> ``alerts``.

Skeleton placeholder: any labelled item fires one alert of the built-in rule ``any-label``.
The real engine (incidents, windows, cooldown, escalation, correlation) replaces it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import faust
from pydantic import ValidationError

from alerts.schema import Alert, Headline, IncidentSummary, alert_id
from flashpoint.kafkaconf import KafkaSettings
from streams.deadletter import dead_letter
from streams.metrics import WorkerMetrics
from streams.models import ClassifiedItem
from streams.settings import WorkerSettings
from streams.topics import Topics

__all__ = ["register_rules"]

log = logging.getLogger(__name__)


def register_rules(
    app: faust.App,
    topics: Topics,
    metrics: WorkerMetrics,
    settings: WorkerSettings,
    kafka: KafkaSettings,
) -> None:
    @app.agent(topics.classified, name="flashpoint.rules")
    async def rules(stream: faust.StreamT) -> None:
        async for event in stream.events():
            try:
                ci = ClassifiedItem.from_json(event.value)
            except (ValidationError, ValueError) as exc:
                await dead_letter(
                    topics.items_deadletter, metrics, stage="rules", reason="invalid_classified",
                    error=str(exc), key=event.key, value=event.value,
                )
                continue
            if not ci.labels:
                continue
            place = ci.event_place
            alert = Alert(
                id=alert_id("any-label", ci.item.id),
                rule="any-label",
                severity="info",
                group=ci.key,
                fired_at=ci.item.published,
                value=1,
                threshold=1,
                title=ci.item.title,
                summary=f"{', '.join(ci.labels)}: {ci.item.title}",
                incident=IncidentSummary(
                    id=ci.item.id,
                    place=place.name if place else None,
                    country=place.country if place else None,
                    lat=place.lat if place else None,
                    lon=place.lon if place else None,
                    categories=ci.labels,
                    killed=ci.casualties.killed,
                    wounded=ci.casualties.wounded,
                    sources=(ci.item.feed,),
                    headlines=(
                        Headline(title=ci.item.title, url=ci.item.url, source=ci.item.feed,
                                 published=ci.item.published),
                    ),
                ),
            )
            await topics.alerts.send(key=alert.id.encode(), value=alert.to_json())
            metrics.alerts_fired.labels(
                rule=alert.rule, severity=alert.severity, status=alert.status
            ).inc()
            metrics.latency_alert.observe(
                max(0.0, (datetime.now(UTC) - ci.item.published).total_seconds())
            )
