"""The classify agent: ``items.raw`` -> classify and extract -> ``items.classified``."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import faust
from pydantic import ValidationError

from producers.items import Item
from streams.classify import classify_item
from streams.deadletter import dead_letter
from streams.metrics import WorkerMetrics
from streams.topics import Topics

__all__ = ["register_classify"]

log = logging.getLogger(__name__)


def register_classify(app: faust.App, topics: Topics, metrics: WorkerMetrics) -> None:
    @app.agent(topics.raw, name="flashpoint.classify")
    async def classify(stream: faust.StreamT) -> None:
        async for event in stream.events():
            metrics.items_consumed.inc()
            msg = event.message
            source = {"topic": msg.topic, "partition": msg.partition, "offset": msg.offset}
            try:
                item = Item.from_json(event.value)
            except (ValidationError, ValueError) as exc:
                await dead_letter(
                    topics.items_deadletter,
                    metrics,
                    stage="classify",
                    reason="invalid_item",
                    error=str(exc),
                    key=event.key,
                    value=event.value,
                    source=source,
                )
                continue
            t0 = time.perf_counter()
            try:
                result = classify_item(item)
            except Exception as exc:  # a classifier bug must not stop the stream
                log.exception("classifier failed item=%s", item.id)
                await dead_letter(
                    topics.items_deadletter,
                    metrics,
                    stage="classify",
                    reason="classifier_error",
                    error=f"{type(exc).__name__}: {exc}",
                    key=event.key,
                    value=event.value,
                    source=source,
                )
                continue
            metrics.classify_seconds.observe(time.perf_counter() - t0)
            for label in result.labels or ("none",):
                metrics.items_classified.labels(category=label).inc()
            if result.labels:
                metrics.items_by_country.labels(country=result.key).inc()
            age = (datetime.now(UTC) - item.published).total_seconds()
            if age >= 0:
                metrics.latency_classified.observe(age)
            await topics.classified.send(key=result.key.encode(), value=result.to_json())
