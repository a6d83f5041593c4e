"""The classify agent: ``items.raw`` -> classify and extract -> ``items.classified``.

Records are taken in batches (up to ``worker.batch_max``; :mod:`streams.batching`) and
classified by a
:class:`streams.classify_pool.ClassifierPool`, off the event loop when
``worker.classify_processes`` > 0. Acks are manual: a batch's records are acknowledged only
after every result of the batch has been handed to the producer, and Faust flushes the producer
before it commits an offset. Up to ``classify_processes`` batches wait for the classifier while
the previous one is sent, so the event loop's work and classification overlap. A worker that
dies mid-batch leaves the batch uncommitted, and it is classified again after the restart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, cast

import faust

from streams.batching import run_batches
from streams.classify.stages.language import metric_label
from streams.classify_pool import ClassifierPool, Outcome
from streams.deadletter import dead_letter
from streams.metrics import WorkerMetrics
from streams.progress import WorkerProbes
from streams.settings import WorkerSettings
from streams.topics import Topics

__all__ = ["register_classify"]

log = logging.getLogger(__name__)


def count_language(metrics: WorkerMetrics, out: Outcome) -> None:
    """Count a classified item by its detected language; one without a pack is counted apart
    (it was not labelled: never a silent loss), and so is one cut at the input limit."""
    lang = metric_label(out.language) if out.language else "other"
    supported = "true" if out.language_supported else "false"
    metrics.items_by_language.labels(language=lang, supported=supported).inc()
    if not out.language_supported:
        metrics.unsupported_language.labels(language=lang).inc()
        log.info("item in a language without a pack item=%s language=%s", out.item_id, lang)
    if out.truncated:
        metrics.classify_truncated.inc()


def register_classify(
    app: faust.App,
    topics: Topics,
    metrics: WorkerMetrics,
    settings: WorkerSettings,
    probes: WorkerProbes | None = None,
) -> ClassifierPool:
    pool = ClassifierPool(settings.classify_processes, metrics)

    async def emit(events: list[faust.EventT], outcomes: list[Outcome]) -> None:
        """Send a batch's results (or dead letters) in order."""
        now = time.time()
        for event, out in zip(events, outcomes, strict=True):
            if out.kind != "ok":
                msg = event.message
                await dead_letter(
                    topics.items_deadletter,
                    metrics,
                    stage="classify",
                    reason=out.kind,
                    error=out.error,
                    key=event.key,
                    value=event.value,
                    source={"topic": msg.topic, "partition": msg.partition, "offset": msg.offset},
                )
                continue
            metrics.classify_seconds.observe(out.seconds)
            count_language(metrics, out)
            for label in out.labels or ("none",):
                metrics.items_classified.labels(category=label).inc()
            if out.labels:
                metrics.items_by_country.labels(country=out.key).inc()
            if now >= out.published:
                metrics.latency_classified.observe(now - out.published)
            await topics.classified.send(key=out.key.encode(), value=out.value)

    @app.agent(topics.raw, name="flashpoint.classify")
    async def classify(stream: faust.StreamT) -> None:
        # Batches in classification, oldest first. While the classifier processes work on one,
        # the event loop takes the next from the stream, and sends the results of the one
        # before: Faust's per-record work and classification overlap.
        inflight: asyncio.Queue[tuple[list[faust.EventT], asyncio.Future[list[Outcome]]]]
        inflight = asyncio.Queue(maxsize=max(1, settings.classify_processes))

        async def emitter(manual: faust.Stream) -> None:
            while True:
                events, outcomes = await inflight.get()
                await emit(events, await outcomes)
                for event in events:
                    await manual.ack(event)

        emitting: asyncio.Future[None] | None = None

        async def submit(manual: faust.Stream, events: list[faust.EventT]) -> None:
            nonlocal emitting
            if emitting is None:
                emitting = asyncio.ensure_future(emitter(manual))
            metrics.items_consumed.inc(len(events))
            outcomes = asyncio.ensure_future(pool.classify([ev.value for ev in events]))
            queued = asyncio.ensure_future(inflight.put((events, outcomes)))
            await asyncio.wait({queued, emitting}, return_when=asyncio.FIRST_COMPLETED)
            if emitting.done():  # it failed: raise its error here, so the agent crashes
                queued.cancel()
                outcomes.cancel()
                emitting.result()
                raise RuntimeError("the classify emitter stopped")

        pool.prestart()  # at the worker's start, before its first partitions (see prestart)
        try:
            raw = topics.raw.get_topic_name()
            progress = probes.agent("flashpoint.classify", topic=raw) if probes else None
            await run_batches(stream, settings.batch_max, submit, progress=progress)
        finally:
            if emitting is not None:
                emitting.cancel()

    async def _close_pool(sender: Any, *args: Any, signal: Any = None, **kwargs: Any) -> None:
        pool.close()

    app.on_before_shutdown.connect(cast(Any, _close_pool))
    return pool
