"""Dead letters of the worker: a bad record never stops a stream; it is counted and parked."""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime
from typing import Any

import orjson
from faust.types import TopicT

from streams.metrics import WorkerMetrics

__all__ = ["dead_letter"]

log = logging.getLogger(__name__)


async def dead_letter(
    topic: TopicT,
    metrics: WorkerMetrics,
    *,
    stage: str,
    reason: str,
    error: str,
    key: bytes | None,
    value: bytes | None,
    source: dict[str, Any] | None = None,
) -> None:
    """Count the bad record and send it, with the reason, to the items dead-letter topic.

    ``reason`` must be a short bounded word (it becomes a metric label); ``error`` is free text.
    """
    metrics.bad_items.labels(stage=stage, reason=reason).inc()
    log.warning("dead letter stage=%s reason=%s error=%s", stage, reason, error[:300])
    record = {
        "stage": stage,
        "reason": reason,
        "error": error[:2000],
        "at": datetime.now(UTC).isoformat(),
        "source": source or {},
        "value_b64": base64.b64encode(value or b"").decode("ascii"),
    }
    await topic.send(key=key, value=orjson.dumps(record))
